// docs/tutorial/path-params.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app as plain } from "../../docs/samples/path-params/main.ts";
import { app as typed } from "../../docs/samples/path-params/typed.ts";
import { app as order } from "../../docs/samples/path-params/order.ts";
import { app as models } from "../../docs/samples/path-params/enum.ts";
import { app as files } from "../../docs/samples/path-params/file-path.ts";

test("path parameters: a plain {name} is a string", async () => {
  await using client = new TestClient(plain);
  assert.deepEqual((await client.get("/items/foo")).json(), { item_id: "foo" });
});

test("path parameters: the int convertor decides matching, a schema validates", async () => {
  await using client = new TestClient(typed);
  assert.deepEqual((await client.get("/items/3")).json(), { item_id: 3 });
  const notMatched = await client.get("/items/foo");
  assert.equal(notMatched.status, 404);
  assert.deepEqual(notMatched.json(), { detail: "Not Found" });

  assert.deepEqual((await client.get("/orders/3")).json(), { order_id: 3 });
  const invalid = await client.get("/orders/foo");
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.json(), {
    detail: [
      {
        type: "int_parsing",
        loc: ["path", "order_id"],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: "foo",
      },
    ],
  });
  const tooSmall = await client.get("/orders/0");
  assert.equal(tooSmall.status, 422);
  assert.deepEqual(tooSmall.json().detail[0].ctx, { ge: 1 });
});

test("path parameters: /users/me wins over /users/{user_id} whatever the order", async () => {
  await using client = new TestClient(order);
  assert.deepEqual((await client.get("/users/me")).json(), { user_id: "the current user" });
  assert.deepEqual((await client.get("/users/7")).json(), { user_id: "7" });
});

test("path parameters: predefined values with t.Enum", async () => {
  await using client = new TestClient(models);
  assert.deepEqual((await client.get("/models/alexnet")).json(), { model_name: "alexnet", message: "Deep Learning FTW!" });
  assert.deepEqual((await client.get("/models/lenet")).json(), { model_name: "lenet", message: "LeCNN all the images" });
  assert.deepEqual((await client.get("/models/resnet")).json(), { model_name: "resnet", message: "Have some residuals" });
  const other = await client.get("/models/vgg");
  assert.equal(other.status, 422);
  assert.equal(other.json().detail[0].msg, "Input should be 'alexnet', 'resnet' or 'lenet'");
});

test("path parameters: {file_path:path} takes the rest of the path", async () => {
  await using client = new TestClient(files);
  assert.deepEqual((await client.get("/files/home/johndoe/myfile.txt")).json(), { file_path: "home/johndoe/myfile.txt" });
});
