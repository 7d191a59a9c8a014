import { test } from "node:test";
import assert from "node:assert/strict";
import { App, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("return values convert to JSON as FastAPI's do", async () => {
  const app = new App()
    .get("/object", () => ({ a: 1, nested: { b: [1, 2] } }))
    .get("/array", () => [1, "two", null])
    .get("/string", () => "hello")
    .get("/number", () => 42.5)
    .get("/boolean", () => true)
    .get("/null", () => null)
    .get("/undefined", () => undefined)
    .get("/set", () => new Set(["Hello"]))
    .get("/map", () => new Map([["k", 1]]))
    .get("/nested-set", () => ({ tags: new Set(["a", "b"]) }))
    .get("/date", () => ({ at: new Date("2026-01-02T03:04:05.000Z") }))
    .get("/bytes", () => Buffer.from([1, 2, 3]))
    .get("/async", async () => ({ async: true }));
  const client = new TestClient(app);
  const cases: Array<[string, string]> = [
    ["/object", '{"a":1,"nested":{"b":[1,2]}}'],
    ["/array", '[1,"two",null]'],
    ["/string", '"hello"'],
    ["/number", "42.5"],
    ["/boolean", "true"],
    ["/null", "null"],
    ["/undefined", "null"],
    ["/set", '["Hello"]'],
    ["/map", '{"k":1}'],
    ["/nested-set", '{"tags":["a","b"]}'],
    ["/date", '{"at":"2026-01-02T03:04:05.000Z"}'],
    ["/async", '{"async":true}'],
  ];
  for (const [path, body] of cases) {
    const res = await client.get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.text, body, path);
    assert.equal(res.headers.get("content-type"), "application/json", path);
  }
  const bytes = await client.get("/bytes");
  assert.equal(bytes.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual([...bytes.body], [1, 2, 3]);
});

test("status option, 204 and 304 send no body", async () => {
  const app = new App()
    .post("/created", { status: 201 }, () => ({ id: 1 }))
    .delete("/gone", { status: 204 }, () => ({ ignored: true }))
    .get("/not-modified", { status: 304 }, () => null);
  const client = new TestClient(app);
  const created = await client.post("/created");
  assert.equal(created.status, 201);
  assert.deepEqual(created.json(), { id: 1 });
  const gone = await client.delete("/gone");
  assert.equal(gone.status, 204);
  assert.equal(gone.text, "");
  assert.equal(gone.headers.get("content-length"), null);
  const notModified = await client.get("/not-modified");
  assert.equal(notModified.status, 304);
  assert.equal(notModified.text, "");
});

test("Response classes are sent as they are", async () => {
  const app = new App()
    .get("/html", () => new HTMLResponse("<h1>hi</h1>"))
    .get("/text", () => new PlainTextResponse("plain", { status: 202 }))
    .get("/json", () => new JSONResponse({ ok: true }, { status: 418, headers: { "x-tea": "pot" } }))
    .get("/redirect", () => new RedirectResponse("/target?x=1"))
    .get("/raw", () => new Response("a,b", { mediaType: "text/csv" }))
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
    );
  const client = new TestClient(app);
  const html = await client.get("/html");
  assert.equal(html.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(html.text, "<h1>hi</h1>");
  const text = await client.get("/text");
  assert.equal(text.status, 202);
  assert.equal(text.headers.get("content-type"), "text/plain; charset=utf-8");
  const json = await client.get("/json");
  assert.equal(json.status, 418);
  assert.equal(json.headers.get("x-tea"), "pot");
  const redirect = await client.get("/redirect");
  assert.equal(redirect.status, 307);
  assert.equal(redirect.headers.get("location"), "/target?x=1");
  const raw = await client.get("/raw");
  assert.equal(raw.headers.get("content-type"), "text/csv; charset=utf-8"); // Starlette adds the charset to text/*
  const stream = await client.get("/stream");
  assert.equal(stream.text, "one,two");
});

test("ctx.response adjusts headers, cookies and status of the default response", async () => {
  const app = new App().get("/", ({ response }) => {
    response.headers.set("x-extra", "1");
    response.setCookie("session", "abc", { httpOnly: true });
    response.status = 202;
    return { ok: true };
  });
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 202);
  assert.equal(res.headers.get("x-extra"), "1");
  assert.match(res.headers.get("set-cookie") ?? "", /^session=abc; Path=\/; HttpOnly; SameSite=Lax$/);
});

test("background tasks run after the response is sent", async () => {
  const events: string[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const app = new App().post("/send", ({ background }) => {
    background.add(async (to: string) => {
      await new Promise((r) => setTimeout(r, 10));
      events.push(`sent to ${to}`);
      resolveDone();
    }, "alice");
    events.push("handler");
    return { queued: true };
  });
  const res = await new TestClient(app).post("/send");
  assert.deepEqual(res.json(), { queued: true });
  assert.deepEqual(events, ["handler"]);
  await done;
  assert.deepEqual(events, ["handler", "sent to alice"]);
});
