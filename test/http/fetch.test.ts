// `app.fetch`: the app as a Web fetch handler (Request → Response), as Bun.serve and Deno.serve call it. These run on
// every runtime (Node 20 has Request/Response too); fetch-serve.test.ts serves it through the runtimes' own servers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { App, HTTPException, StreamingResponse, t } from "skiffjs";

const silent = pino({ level: "silent" });
const Item = t.Object({ name: t.String({ minLength: 1 }), price: t.Number({ minimum: 0 }) });

function shop(log: string[] = []) {
  return new App({ logger: silent, bodyLimit: 1024 })
    .get("/", () => ({ Hello: "World" }))
    .get("/items/{item_id:int}", { query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10, maximum: 100 }) } }, ({ path, query }) => ({
      item_id: path.item_id,
      q: query.q,
      limit: query.limit,
    }))
    .post("/items", { body: Item, status: 201 }, ({ body }) => body)
    .post("/upload", { form: t.Object({ title: t.String() }), files: { file: t.File() } }, async ({ body, files }) => ({
      title: body.title,
      name: files.file.filename,
      size: (await files.file.bytes()).byteLength,
    }))
    .get("/client", ({ request }) => request.client)
    .get("/cookies", ({ response, cookies }) => {
      response.setCookie("a", "1");
      response.setCookie("b", "2");
      return { sent: cookies };
    })
    .get(
      "/stream",
      () =>
        new StreamingResponse(
          (async function* () {
            yield "one,";
            yield "two";
          })(),
          { mediaType: "text/plain" },
        ),
    )
    .get("/later", ({ background }) => {
      background.add(() => void log.push("background ran"));
      return "ok";
    })
    .get("/teapot", () => {
      throw new HTTPException(418, "I'm a teapot", { "x-why": "tea" });
    });
}

test("app.fetch answers a GET with JSON, path and query validated and coerced", async () => {
  const app = shop();
  const hello = await app.fetch(new Request("http://localhost/"));
  assert.equal(hello.status, 200);
  assert.equal(hello.headers.get("content-type"), "application/json");
  assert.deepEqual(await hello.json(), { Hello: "World" });

  const item = await app.fetch(new Request("http://localhost/items/5?q=x"));
  assert.deepEqual([item.status, await item.json()], [200, { item_id: 5, q: "x", limit: 10 }]);

  const bad = await app.fetch(new Request("http://localhost/items/5?limit=500"));
  assert.equal(bad.status, 422);
  assert.deepEqual(
    (await bad.json()).detail.map((d: { loc: unknown[] }) => d.loc),
    [["query", "limit"]],
  );

  const missing = await app.fetch(new Request("http://localhost/nowhere"));
  assert.deepEqual([missing.status, await missing.json()], [404, { detail: "Not Found" }]);
  const wrongMethod = await app.fetch(new Request("http://localhost/", { method: "DELETE" }));
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get("allow"), "GET, HEAD");
});

test("app.fetch reads JSON bodies (422 naming the field, 413 past bodyLimit) and multipart forms", async () => {
  const app = shop();
  const post = (body: string) =>
    app.fetch(new Request("http://localhost/items", { method: "POST", body, headers: { "content-type": "application/json" } }));
  const created = await post(JSON.stringify({ name: "Pen", price: 2 }));
  assert.deepEqual([created.status, await created.json()], [201, { name: "Pen", price: 2 }]);
  const invalid = await post(JSON.stringify({ name: "", price: 2 }));
  assert.equal(invalid.status, 422);
  assert.deepEqual((await invalid.json()).detail[0].loc, ["body", "name"]);
  const tooLarge = await post(JSON.stringify({ name: "x".repeat(2000), price: 1 }));
  assert.equal(tooLarge.status, 413);

  const form = new FormData();
  form.set("title", "report");
  form.set("file", new Blob([new Uint8Array(100)]), "r.bin");
  const uploaded = await app.fetch(new Request("http://localhost/upload", { method: "POST", body: form }));
  assert.deepEqual([uploaded.status, await uploaded.json()], [200, { title: "report", name: "r.bin", size: 100 }]);
});

test("app.fetch: HEAD has the GET's headers and no body; errors, cookies and streams come through", async () => {
  const app = shop();
  const head = await app.fetch(new Request("http://localhost/", { method: "HEAD" }));
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), String('{"Hello":"World"}'.length));
  assert.equal(await head.text(), "");

  const teapot = await app.fetch(new Request("http://localhost/teapot"));
  assert.deepEqual([teapot.status, teapot.headers.get("x-why"), await teapot.json()], [418, "tea", { detail: "I'm a teapot" }]);

  const cookies = await app.fetch(new Request("http://localhost/cookies", { headers: { cookie: "session=abc" } }));
  assert.deepEqual(await cookies.json(), { sent: { session: "abc" } });
  assert.deepEqual(
    cookies.headers.getSetCookie().map((c) => c.split(";")[0]),
    ["a=1", "b=2"],
  );

  const stream = await app.fetch(new Request("http://localhost/stream"));
  assert.equal(stream.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await stream.text(), "one,two");
});

test("app.fetch runs background tasks after answering, and takes the client's address from the host", async () => {
  const log: string[] = [];
  const app = shop(log);
  const answer = await app.fetch(new Request("http://localhost/later"));
  assert.equal(await answer.json(), "ok");
  assert.deepEqual(log, [], "not before the answer is handed back");
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(log, ["background ran"]);

  const deno = await app.fetch(new Request("http://localhost/client"), { remoteAddr: { hostname: "10.0.0.7", port: 5123 } });
  assert.deepEqual(await deno.json(), { host: "10.0.0.7", port: 5123 });
  const bun = await app.fetch(new Request("http://localhost/client"), { requestIP: () => ({ address: "10.0.0.8", port: 6001 }) });
  assert.deepEqual(await bun.json(), { host: "10.0.0.8", port: 6001 });
});

test("app.fetch refuses an over-long URL before routing, as the Node listener does", async () => {
  const app = new App({ logger: silent, maxUrlLength: 64 }).get("/", () => "ok");
  const long = await app.fetch(new Request(`http://localhost/?q=${"x".repeat(100)}`));
  assert.equal(long.status, 414);
  assert.match((await long.json()).detail, /maxUrlLength/);
});
