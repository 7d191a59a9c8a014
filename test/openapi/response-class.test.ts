import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, APIRouter, FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, StreamingResponse, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>;
};

const dir = mkdtempSync(join(tmpdir(), "skiff-response-class-"));
const report = join(dir, "report.csv");
writeFileSync(report, "a,b\n1,2\n");

const app = () =>
  new App()
    .get("/items/", { responseClass: HTMLResponse }, () => "<html><body><h1>Look ma! HTML!</h1></body></html>")
    .get("/text", { responseClass: PlainTextResponse }, () => "Hello World")
    .get("/report", { responseClass: FileResponse }, () => report)
    .get("/stream", { responseClass: StreamingResponse }, () => ["a", "b"])
    .get("/typer", { responseClass: RedirectResponse }, () => "https://typer.tiangolo.com")
    .get("/json", { response: t.Object({ ok: t.Boolean() }) }, () => ({ ok: true }));

// FastAPI's docs_src custom_response: response_class=HTMLResponse, returning the HTML as a string.
test("responseClass renders what the handler returns with that class", async () => {
  const client = new TestClient(app());
  const html = await client.get("/items/");
  assert.equal(html.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(html.text, "<html><body><h1>Look ma! HTML!</h1></body></html>");
  assert.equal((await client.get("/text")).headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal((await client.get("/report")).text, "a,b\n1,2\n");
  assert.equal((await client.get("/stream")).text, "ab");
  const redirect = await client.get("/typer");
  assert.equal(redirect.status, 307);
  assert.equal(redirect.headers.get("location"), "https://typer.tiangolo.com");
});

test("OpenAPI documents the class's media type, as FastAPI's response_class", async () => {
  const doc = (await new TestClient(app()).get("/openapi.json")).json() as Doc;
  const content = (path: string) => doc.paths[path]!.get!.responses["200"]!.content;
  assert.deepEqual(content("/items/"), { "text/html": { schema: { type: "string" } } });
  assert.deepEqual(content("/text"), { "text/plain": { schema: { type: "string" } } });
  assert.deepEqual(content("/report"), { "application/octet-stream": { schema: { type: "string", format: "binary" } } });
  assert.deepEqual(content("/stream"), { "application/octet-stream": { schema: { type: "string", format: "binary" } } });
  assert.deepEqual(Object.keys(content("/json")!), ["application/json"]);
});

// FastAPI's docs_src bigger_applications: responses on the router and on include_router, a route's own winning.
test("responses on APIRouter and includeRouter are documented on every route; a route's own win", async () => {
  const items = new APIRouter({ prefix: "/items", tags: ["items"], responses: { 404: { description: "Not found" } } })
    .get("/", () => [])
    .put("/{item_id}", { responses: { 403: { description: "Operation forbidden" }, 404: { description: "Item missing" } } }, () => ({}));
  const app = new App().includeRouter(items, { prefix: "/admin", responses: { 418: { description: "I'm a teapot" } } });
  const doc = (await new TestClient(app).get("/openapi.json")).json() as Doc;
  const list = doc.paths["/admin/items/"]!.get!.responses;
  assert.deepEqual(Object.keys(list).sort(), ["200", "404", "418"]);
  assert.equal(list["404"]!.description, "Not found");
  assert.equal(list["418"]!.description, "I'm a teapot");
  const put = doc.paths["/admin/items/{item_id}"]!.put!.responses;
  assert.equal(put["404"]!.description, "Item missing");
  assert.equal(put["403"]!.description, "Operation forbidden");
  assert.equal(put["418"]!.description, "I'm a teapot");
});
