import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, FileResponse, HTTPException } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const CONTENT = "0123456789abcdefghij"; // 20 bytes
const MTIME = new Date("2026-03-04T05:06:07Z");

async function fixture(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), "skiff-file-test-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "notes.txt");
  await writeFile(path, CONTENT);
  await utimes(path, MTIME, MTIME);
  await writeFile(join(dir, "empty.bin"), "");
  const etag = `W/"${(20).toString(16)}-${Math.floor((await stat(path)).mtimeMs).toString(16)}"`;
  const app = new App()
    .get("/file", () => new FileResponse(path))
    .get("/download", () => new FileResponse(path, { filename: "Q3 report.txt" }))
    .get("/unicode", () => new FileResponse(path, { filename: "résumé 2026 (final).pdf", disposition: "inline" }))
    .get("/typed", () => new FileResponse(path, { mediaType: "application/x-custom", headers: { "cache-control": "max-age=60" } }))
    .get("/empty", () => new FileResponse(join(dir, "empty.bin")))
    .get("/missing", () => new FileResponse(join(dir, "nope.txt")))
    .get("/dir", () => new FileResponse(dir))
    .get("/guarded", () => {
      throw new HTTPException(404, "Not here");
    });
  return { client: new TestClient(app), etag, path };
}

test("a file is streamed with its type, length, last-modified, weak etag and accept-ranges", async (t) => {
  const { client, etag } = await fixture(t);
  const res = await client.get("/file");
  assert.equal(res.status, 200);
  assert.equal(res.text, CONTENT);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("content-length"), "20");
  assert.equal(res.headers.get("last-modified"), "Wed, 04 Mar 2026 05:06:07 GMT");
  assert.equal(res.headers.get("etag"), etag);
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(res.headers.get("content-disposition"), null);
});

test("mediaType and headers options win over the guess", async (t) => {
  const { client } = await fixture(t);
  const res = await client.get("/typed");
  assert.equal(res.headers.get("content-type"), "application/x-custom");
  assert.equal(res.headers.get("cache-control"), "max-age=60");
});

test("HEAD sends GET's headers without the body", async (t) => {
  const { client, etag } = await fixture(t);
  const res = await client.head("/file");
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 0);
  assert.equal(res.headers.get("content-length"), "20");
  assert.equal(res.headers.get("etag"), etag);
});

test("If-None-Match with the etag (weakly compared, in a list, or *) answers 304 without a body", async (t) => {
  const { client, etag } = await fixture(t);
  for (const header of [etag, etag.slice(2), `"other", ${etag}`, "*"]) {
    const res = await client.get("/file", { headers: { "if-none-match": header } });
    assert.equal(res.status, 304, header);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get("etag"), etag);
    assert.equal(res.headers.get("content-length"), null);
  }
  assert.equal((await client.get("/file", { headers: { "if-none-match": '"other"' } })).status, 200);
});

test("If-Modified-Since answers 304 when the file is not newer; If-None-Match takes precedence", async (t) => {
  const { client } = await fixture(t);
  assert.equal((await client.get("/file", { headers: { "if-modified-since": MTIME.toUTCString() } })).status, 304);
  assert.equal((await client.get("/file", { headers: { "if-modified-since": "Tue, 03 Mar 2026 00:00:00 GMT" } })).status, 200);
  const both = await client.get("/file", { headers: { "if-modified-since": MTIME.toUTCString(), "if-none-match": '"other"' } });
  assert.equal(both.status, 200);
});

test("a single byte range answers 206 with content-range", async (t) => {
  const { client } = await fixture(t);
  const cases: [string, string, string][] = [
    ["bytes=0-4", "01234", "bytes 0-4/20"],
    ["bytes=10-", "abcdefghij", "bytes 10-19/20"],
    ["bytes=-3", "hij", "bytes 17-19/20"],
    ["bytes=15-99", "fghij", "bytes 15-19/20"],
    ["bytes=-50", CONTENT, "bytes 0-19/20"],
  ];
  for (const [range, body, contentRange] of cases) {
    const res = await client.get("/file", { headers: { range } });
    assert.equal(res.status, 206, range);
    assert.equal(res.text, body, range);
    assert.equal(res.headers.get("content-range"), contentRange, range);
    assert.equal(res.headers.get("content-length"), String(body.length), range);
  }
});

test("an unsatisfiable range is 416 with content-range bytes */size", async (t) => {
  const { client } = await fixture(t);
  for (const range of ["bytes=20-", "bytes=100-200", "bytes=-0"]) {
    const res = await client.get("/file", { headers: { range } });
    assert.equal(res.status, 416, range);
    assert.equal(res.headers.get("content-range"), "bytes */20");
    assert.equal(res.body.length, 0);
  }
});

test("malformed, multi-range, reversed and non-byte ranges are ignored: 200 with the whole file", async (t) => {
  const { client } = await fixture(t);
  for (const range of ["bytes=0-1,5-6", "bytes=5-2", "items=0-1", "bytes=x-y", "bytes=-"]) {
    const res = await client.get("/file", { headers: { range } });
    assert.equal(res.status, 200, range);
    assert.equal(res.text, CONTENT, range);
  }
});

test("If-Range: a weak etag never matches (whole file), the exact last-modified date does", async (t) => {
  const { client, etag } = await fixture(t);
  const byEtag = await client.get("/file", { headers: { range: "bytes=0-1", "if-range": etag } });
  assert.equal(byEtag.status, 200);
  const byDate = await client.get("/file", { headers: { range: "bytes=0-1", "if-range": MTIME.toUTCString() } });
  assert.equal(byDate.status, 206);
  assert.equal(byDate.text, "01");
  const stale = await client.get("/file", { headers: { range: "bytes=0-1", "if-range": "Tue, 03 Mar 2026 00:00:00 GMT" } });
  assert.equal(stale.status, 200);
});

test("a range on HEAD sends the partial headers only", async (t) => {
  const { client } = await fixture(t);
  const res = await client.head("/file", { headers: { range: "bytes=2-5" } });
  assert.equal(res.status, 206);
  assert.equal(res.headers.get("content-length"), "4");
  assert.equal(res.body.length, 0);
});

test("content-disposition: plain filename quoted; non-ASCII with an ASCII fallback and RFC 5987 filename*", async (t) => {
  const { client } = await fixture(t);
  const plain = await client.get("/download");
  assert.equal(plain.headers.get("content-disposition"), 'attachment; filename="Q3 report.txt"');
  assert.equal(plain.headers.get("content-type"), "text/plain; charset=utf-8");
  const unicode = await client.get("/unicode");
  assert.equal(
    unicode.headers.get("content-disposition"),
    `inline; filename="r_sum_ 2026 (final).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%202026%20%28final%29.pdf`,
  );
  assert.equal(unicode.headers.get("content-type"), "application/pdf");
});

test("an empty file is 200 with content-length 0, and ranges on it are ignored", async (t) => {
  const { client } = await fixture(t);
  const res = await client.get("/empty", { headers: { range: "bytes=0-" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-length"), "0");
  assert.equal(res.body.length, 0);
});

test("a missing file or a directory is a 500 (a server bug, logged), as in Starlette", async (t) => {
  const { client } = await fixture(t);
  for (const path of ["/missing", "/dir"]) {
    const res = await client.get(path);
    assert.equal(res.status, 500, path);
    assert.equal(res.text, "Internal Server Error");
  }
});

test("a FileResponse made by middleware or an exception handler is prepared too", async (t) => {
  const { path } = await fixture(t);
  const app = new App()
    .exceptionHandler(404, () => new FileResponse(path, { status: 404 }))
    .get("/gone", () => {
      throw new HTTPException(404);
    });
  app.middleware(async (request, next) => (request.path === "/from-middleware" ? new FileResponse(path) : next(request)));
  const client = new TestClient(app);
  const fromMiddleware = await client.get("/from-middleware", { headers: { range: "bytes=0-2" } });
  assert.equal(fromMiddleware.status, 206);
  assert.equal(fromMiddleware.text, "012");
  const fromHandler = await client.get("/gone", { headers: { range: "bytes=0-2" } });
  assert.equal(fromHandler.status, 404);
  assert.equal(fromHandler.text, CONTENT);
  assert.equal(fromHandler.headers.get("content-length"), "20");
});
