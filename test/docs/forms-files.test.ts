// docs/tutorial/forms-files.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app } from "../../docs/samples/forms-files/main.ts";

/** A multipart/form-data body, as a browser's form would send it. */
function multipart(parts: { name: string; value: string; filename?: string; type?: string }[]) {
  const boundary = "docs-boundary";
  const body = parts
    .map(
      ({ name, value, filename, type }) =>
        `--${boundary}\r\ncontent-disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n` +
        `${type ? `content-type: ${type}\r\n` : ""}\r\n${value}\r\n`,
    )
    .join("");
  return { body: `${body}--${boundary}--\r\n`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

test("forms: a urlencoded form is validated and given as body; JSON is refused", async () => {
  await using client = new TestClient(app);
  assert.deepEqual((await client.post("/login", { form: { username: "ann", password: "correct horse" } })).json(), { username: "ann" });
  const short = await client.post("/login", { form: { username: "ann", password: "short" } });
  assert.equal(short.status, 422);
  assert.deepEqual(short.json().detail[0].loc, ["body", "password"]);
  const json = await client.post("/login", { json: { username: "ann", password: "correct horse" } });
  assert.equal(json.status, 415);
});

test("files: an upload with its form fields, checked type, missing file", async () => {
  await using client = new TestClient(app);
  const upload = await client.post(
    "/files",
    multipart([
      { name: "file", value: "a,b\n1,2\n", filename: "data.csv", type: "text/csv" },
      { name: "note", value: "quarterly" },
    ]),
  );
  assert.deepEqual(upload.json(), { filename: "data.csv", contentType: "text/csv", size: 8, firstLine: "a,b", note: "quarterly" });

  const image = await client.post("/files", multipart([{ name: "file", value: "xx", filename: "x.png", type: "image/png" }]));
  assert.equal(image.status, 422);
  assert.equal(image.json().detail[0].msg, "File should be of type 'text/plain', 'text/csv', not 'image/png'");
  const none = await client.post("/files", multipart([{ name: "note", value: "hi" }]));
  assert.deepEqual(none.json(), { detail: [{ type: "missing", loc: ["body", "file"], msg: "Field required", input: null }] });

  const several = await client.post(
    "/uploads",
    multipart([
      { name: "docs", value: "1", filename: "a.txt", type: "text/plain" },
      { name: "docs", value: "2", filename: "b.txt", type: "text/plain" },
    ]),
  );
  assert.deepEqual(several.json(), { names: ["a.txt", "b.txt"] });
});
