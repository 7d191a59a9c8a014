import { test } from "node:test";
import assert from "node:assert/strict";
import { App } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const orders = [
  ["static", "int", "str", "path"],
  ["path", "str", "int", "static"],
  ["str", "path", "static", "int"],
] as const;

for (const order of orders) {
  test(`static beats int beats str beats path, registered as ${order.join(", ")}`, async () => {
    const app = new App();
    for (const kind of order) {
      if (kind === "static") app.get("/files/me", () => "static");
      if (kind === "int") app.get("/files/{id:int}", ({ path }) => ({ int: path.id }));
      if (kind === "str") app.get("/files/{name}", ({ path }) => ({ str: path.name }));
      if (kind === "path") app.get("/files/{rest:path}", ({ path }) => ({ path: path.rest }));
    }
    const client = new TestClient(app);
    assert.deepEqual((await client.get("/files/me")).json(), "static");
    assert.deepEqual((await client.get("/files/42")).json(), { int: 42 });
    assert.deepEqual((await client.get("/files/report")).json(), { str: "report" });
    assert.deepEqual((await client.get("/files/a/b/c.txt")).json(), { path: "a/b/c.txt" });
  });
}

test("convertors: int and float become numbers, uuid must be a UUID, a mismatch is a 404", async () => {
  const app = new App().get("/n/{x:float}", ({ path }) => ({ x: path.x, type: typeof path.x })).get("/u/{id:uuid}", ({ path }) => ({ id: path.id }));
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/n/2.5")).json(), { x: 2.5, type: "number" });
  assert.deepEqual((await client.get("/n/3")).json(), { x: 3, type: "number" });
  assert.equal((await client.get("/n/abc")).status, 404);
  const id = "0b8bd4b4-8bd8-4b1b-a1a8-6c6ab5b1f7c1";
  assert.deepEqual((await client.get(`/u/${id}`)).json(), { id });
  assert.equal((await client.get("/u/not-a-uuid")).status, 404);
});

test("a bad template is a registration-time error that says what to fix", () => {
  const app = new App();
  assert.throws(() => app.get("/x/{id:bogus}", () => null), /Unknown convertor "bogus" .* use str, int, float, uuid or path/);
  assert.throws(() => app.get("/x/{a}/{a}", () => null), /Duplicated parameter name "a"/);
  assert.throws(() => app.get("/x/{rest:path}/more", () => null), /must end the path template/);
  assert.throws(() => app.get("no-slash", () => null), /must start with "\/"/);
  app.get("/dup", () => null);
  assert.throws(() => app.get("/dup", () => null), /GET \/dup is already registered/);
});
