import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, staticFiles } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { parseRaw, rawRequest, silent } from "./helpers.ts";

let base: string;
let publicDir: string;
let siteDir: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), "skiff-static-"));
  publicDir = join(base, "public");
  siteDir = join(base, "site");
  mkdirSync(join(publicDir, "css"), { recursive: true });
  mkdirSync(join(siteDir, "docs"), { recursive: true });
  writeFileSync(join(base, "secret.txt"), "top secret");
  writeFileSync(join(publicDir, "hello.txt"), "hello, world");
  writeFileSync(join(publicDir, "css", "app.css"), "body{color:red}");
  writeFileSync(join(publicDir, "data.json"), '{"a":1}');
  writeFileSync(join(publicDir, "blob.bin"), Buffer.from([1, 2, 3]));
  writeFileSync(join(publicDir, "empty.txt"), "");
  writeFileSync(join(publicDir, "a b.txt"), "spaced");
  symlinkSync(join(base, "secret.txt"), join(publicDir, "escape.txt"));
  symlinkSync(base, join(publicDir, "up"));
  symlinkSync(join(publicDir, "hello.txt"), join(publicDir, "alias.txt"));
  utimesSync(join(publicDir, "hello.txt"), new Date("2024-01-02T03:04:05Z"), new Date("2024-01-02T03:04:05Z"));
  writeFileSync(join(siteDir, "index.html"), "<h1>home</h1>");
  writeFileSync(join(siteDir, "docs", "index.html"), "<h1>docs</h1>");
  writeFileSync(join(siteDir, "404.html"), "<h1>not here</h1>");
});

after(() => rmSync(base, { recursive: true, force: true }));

function staticApp(): App<any> {
  const app = new App({ logger: silent }).get("/api/ping", () => ({ pong: true }));
  app.use(staticFiles("/static", publicDir));
  return app;
}

test("GET serves the file with type, length, etag and last-modified; HEAD the same headers without a body", async () => {
  const client = new TestClient(staticApp());
  const res = await client.get("/static/hello.txt");
  assert.equal(res.status, 200);
  assert.equal(res.text, "hello, world");
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("content-length"), "12");
  assert.match(res.headers.get("etag")!, /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
  assert.equal(res.headers.get("last-modified"), "Tue, 02 Jan 2024 03:04:05 GMT");

  const head = await client.head("/static/hello.txt");
  assert.equal(head.status, 200);
  assert.equal(head.body.byteLength, 0);
  assert.equal(head.headers.get("content-length"), "12");
  assert.equal(head.headers.get("etag"), res.headers.get("etag"));

  assert.equal((await client.get("/static/css/app.css")).headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal((await client.get("/static/data.json")).headers.get("content-type"), "application/json");
  const bin = await client.get("/static/blob.bin");
  assert.equal(bin.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual([...bin.body], [1, 2, 3]);
  const empty = await client.get("/static/empty.txt");
  assert.equal(empty.status, 200);
  assert.equal(empty.headers.get("content-length"), "0");
  assert.equal((await client.get("/static/a%20b.txt")).text, "spaced");
  assert.equal((await client.get("/static/alias.txt")).text, "hello, world", "a symlink inside the root is fine");
});

test("304 for a matching If-None-Match (weak or strong) or a current If-Modified-Since", async () => {
  const client = new TestClient(staticApp());
  const etag = (await client.get("/static/hello.txt")).headers.get("etag")!;
  const strong = etag.replace(/^W\//, "");
  for (const value of [etag, strong, `"other", ${etag}`, "*"]) {
    const res = await client.get("/static/hello.txt", { headers: { "if-none-match": value } });
    assert.equal(res.status, 304, value);
    assert.equal(res.body.byteLength, 0);
    assert.equal(res.headers.get("etag"), etag);
  }
  assert.equal((await client.get("/static/hello.txt", { headers: { "if-none-match": '"other"' } })).status, 200);
  assert.equal((await client.get("/static/hello.txt", { headers: { "if-modified-since": "Tue, 02 Jan 2024 03:04:05 GMT" } })).status, 304);
  assert.equal((await client.get("/static/hello.txt", { headers: { "if-modified-since": "Mon, 01 Jan 2024 00:00:00 GMT" } })).status, 200);
  // If-None-Match wins over If-Modified-Since.
  const both = await client.get("/static/hello.txt", {
    headers: { "if-none-match": '"other"', "if-modified-since": "Tue, 02 Jan 2024 03:04:05 GMT" },
  });
  assert.equal(both.status, 200);
});

test("only GET and HEAD: other methods are 405 with Allow", async () => {
  const res = await new TestClient(staticApp()).post("/static/hello.txt");
  assert.equal(res.status, 405);
  assert.deepEqual(res.json(), { detail: "Method Not Allowed" });
  assert.equal(res.headers.get("allow"), "GET, HEAD");
});

test("misses and directories are 404; paths outside the mount reach the routes", async () => {
  const client = new TestClient(staticApp());
  const missing = await client.get("/static/nope.txt");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { detail: "Not Found" });
  assert.equal((await client.get("/static/css")).status, 404);
  assert.equal((await client.get("/static/")).status, 404);
  assert.equal((await client.get("/static")).status, 404);
  assert.deepEqual((await client.get("/api/ping")).json(), { pong: true });
  assert.equal((await client.get("/staticfoo")).status, 404);
});

test("no way out of the directory: encoded dots, backslashes, NUL, bad escapes and symlinks are 404", async () => {
  const client = new TestClient(staticApp());
  const attempts = [
    "/static/..%2fsecret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/%2E%2E%2Fsecret.txt",
    "/static/css/..%2f..%2fsecret.txt",
    "/static/..%5csecret.txt",
    "/static/%5c..%5csecret.txt",
    "/static/hello.txt%00.png",
    "/static/%e0%a4%a",
    "/static/escape.txt",
    "/static/up/secret.txt",
    "/static/up",
  ];
  for (const path of attempts) {
    const res = await client.get(path);
    assert.equal(res.status, 404, path);
    assert.ok(!res.text.includes("top secret"), path);
  }
});

test("raw `..` segments on a real socket (no client normalising them) are 404", async () => {
  const server = await staticApp().listen({ port: 0 });
  try {
    for (const path of ["/static/../secret.txt", "/static/css/../../secret.txt", "/static/..\\secret.txt", "/static/./../secret.txt"]) {
      const res = parseRaw(await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.includes("top secret"), path);
    }
    const ok = parseRaw(await rawRequest(server.port, `GET /static/css/../hello.txt HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
    assert.equal(ok.status, 404, "`..` is refused even when it would stay inside");
  } finally {
    await server.close();
  }
});

test("html mode: index.html for directories (with a slash redirect), 404.html for misses", async () => {
  const app = new App({ logger: silent });
  app.use(staticFiles("/site", siteDir, { html: true }));
  const client = new TestClient(app);
  const home = await client.get("/site/");
  assert.equal(home.status, 200);
  assert.equal(home.text, "<h1>home</h1>");
  assert.equal(home.headers.get("content-type"), "text/html; charset=utf-8");
  const redirect = await client.get("/site/docs?x=1");
  assert.equal(redirect.status, 307);
  assert.equal(redirect.headers.get("location"), "/site/docs/?x=1");
  assert.equal((await client.get("/site/docs/")).text, "<h1>docs</h1>");
  const missing = await client.get("/site/nope");
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "<h1>not here</h1>");
});

test("mounted at '/', what is not a file goes on to the routes", async () => {
  const app = new App({ logger: silent }).get("/api/ping", () => ({ pong: true })).post("/hello.txt", () => "posted");
  app.use(staticFiles("/", publicDir));
  const client = new TestClient(app);
  assert.equal((await client.get("/hello.txt")).text, "hello, world");
  assert.deepEqual((await client.get("/api/ping")).json(), { pong: true });
  assert.equal((await client.post("/hello.txt")).json(), "posted");
  assert.deepEqual((await client.get("/nope")).json(), { detail: "Not Found" });
});

test("a missing directory is an error at startup, naming it", () => {
  assert.throws(() => staticFiles("/static", join(base, "does-not-exist")), /staticFiles directory ".*does-not-exist" does not exist/);
  assert.throws(() => staticFiles("static", publicDir), /must start with "\/"/);
});

test("static files answer a Range request with 206", async () => {
  const client = new TestClient(staticApp());
  const res = await client.get("/static/hello.txt", { headers: { range: "bytes=0-4" } });
  assert.equal(res.status, 206);
  assert.equal(res.text, "hello");
  assert.equal(res.headers.get("content-range"), "bytes 0-4/12");
});
