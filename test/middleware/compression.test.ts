import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import zlib from "node:zlib";
import { App, Response, StreamingResponse, brotli, compression, gzip } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

const big = "x".repeat(2000);

function appWith(middleware: ReturnType<typeof compression>): App<any> {
  const app = new App({ logger: silent })
    .get("/big", () => new Response(big, { mediaType: "text/plain" }))
    .get("/small", () => new Response("tiny", { mediaType: "text/plain" }))
    .get("/json", () => ({ items: Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}` })) }))
    .get("/events", () => new Response(big, { mediaType: "text/event-stream" }))
    .get("/encoded", () => new Response(zlib.gzipSync(big), { headers: { "content-encoding": "gzip" }, mediaType: "text/plain" }))
    .get("/etag", () => new Response(big, { headers: { etag: '"abc"' }, mediaType: "text/plain" }))
    .get("/no-transform", () => new Response(big, { headers: { "cache-control": "no-transform" }, mediaType: "text/plain" }))
    .get(
      "/stream",
      () =>
        new StreamingResponse(
          (async function* () {
            for (let i = 0; i < 5; i++) yield `chunk ${i};`;
          })(),
          { mediaType: "text/plain" },
        ),
    );
  app.use(middleware);
  return app;
}

test("gzip: a large body is compressed, with content-length of the compressed bytes and Vary", async () => {
  const client = new TestClient(appWith(gzip()));
  const res = await client.get("/big", { headers: { "accept-encoding": "gzip, deflate" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(res.headers.get("vary"), "Accept-Encoding");
  assert.equal(res.headers.get("content-length"), String(res.body.byteLength));
  assert.ok(res.body.byteLength < 100);
  assert.equal(zlib.gunzipSync(res.body).toString(), big);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");

  const json = await client.get("/json", { headers: { "accept-encoding": "gzip" } });
  assert.equal(json.headers.get("content-encoding"), "gzip");
  assert.equal(JSON.parse(zlib.gunzipSync(json.body).toString()).items.length, 100);
});

test("gzip: small bodies, clients that do not accept gzip, and q=0 get the identity body", async () => {
  const client = new TestClient(appWith(gzip()));
  const small = await client.get("/small", { headers: { "accept-encoding": "gzip" } });
  assert.equal(small.headers.get("content-encoding"), null);
  assert.equal(small.headers.get("vary"), null);
  assert.equal(small.text, "tiny");

  const none = await client.get("/big");
  assert.equal(none.headers.get("content-encoding"), null);
  assert.equal(none.headers.get("vary"), "Accept-Encoding");
  assert.equal(none.text, big);

  const refused = await client.get("/big", { headers: { "accept-encoding": "gzip;q=0, identity" } });
  assert.equal(refused.headers.get("content-encoding"), null);
  assert.equal(refused.text, big);

  const brOnly = await client.get("/big", { headers: { "accept-encoding": "br" } });
  assert.equal(brOnly.headers.get("content-encoding"), null);
});

test("minimumSize is configurable", async () => {
  const client = new TestClient(appWith(gzip({ minimumSize: 3 })));
  const res = await client.get("/small", { headers: { "accept-encoding": "gzip" } });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(zlib.gunzipSync(res.body).toString(), "tiny");
});

test("event streams, already-encoded and no-transform responses pass untouched", async () => {
  const client = new TestClient(appWith(compression()));
  const headers = { "accept-encoding": "gzip, br" };
  const events = await client.get("/events", { headers });
  assert.equal(events.headers.get("content-encoding"), null);
  assert.equal(events.text, big);
  const encoded = await client.get("/encoded", { headers });
  assert.equal(encoded.headers.get("content-encoding"), "gzip");
  assert.equal(zlib.gunzipSync(encoded.body).toString(), big);
  const noTransform = await client.get("/no-transform", { headers });
  assert.equal(noTransform.headers.get("content-encoding"), null);
});

test("compression() prefers brotli, follows the client's weights, and weakens a strong ETag", async () => {
  const client = new TestClient(appWith(compression()));
  const br = await client.get("/big", { headers: { "accept-encoding": "gzip, deflate, br" } });
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), big);
  const weighted = await client.get("/big", { headers: { "accept-encoding": "br;q=0.5, gzip" } });
  assert.equal(weighted.headers.get("content-encoding"), "gzip");
  const wildcard = await client.get("/big", { headers: { "accept-encoding": "*" } });
  assert.equal(wildcard.headers.get("content-encoding"), "br");
  const etag = await client.get("/etag", { headers: { "accept-encoding": "br" } });
  assert.equal(etag.headers.get("etag"), 'W/"abc"');

  const onlyBrotli = new TestClient(appWith(brotli()));
  const res = await onlyBrotli.get("/big", { headers: { "accept-encoding": "gzip, br" } });
  assert.equal(res.headers.get("content-encoding"), "br");
});

test("HEAD gets the headers a GET would, without a body", async () => {
  const client = new TestClient(appWith(gzip()));
  const res = await client.head("/big", { headers: { "accept-encoding": "gzip" } });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(res.body.byteLength, 0);
});

test("a streamed body is compressed as a stream: no content-length, the whole stream decodes", async () => {
  const client = new TestClient(appWith(gzip()));
  const res = await client.get("/stream", { headers: { "accept-encoding": "gzip" } });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(res.headers.get("content-length"), null);
  assert.equal(res.headers.get("vary"), "Accept-Encoding");
  assert.equal(zlib.gunzipSync(res.body).toString(), "chunk 0;chunk 1;chunk 2;chunk 3;chunk 4;");

  const br = await new TestClient(appWith(brotli())).get("/stream", { headers: { "accept-encoding": "br" } });
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), "chunk 0;chunk 1;chunk 2;chunk 3;chunk 4;");
});

for (const encoding of ["gzip", "br"] as const) {
  test(`${encoding}: each streamed chunk reaches the client before the next one is produced`, async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = new App({ logger: silent }).get(
      "/progress",
      () =>
        new StreamingResponse(
          (async function* () {
            yield "first;";
            await gate;
            yield "second;";
          })(),
          { mediaType: "text/plain" },
        ),
    );
    app.use(compression());
    const server = await app.listen({ port: 0 });
    try {
      const decoded = await new Promise<string[]>((resolve, reject) => {
        const req = httpRequest(`${server.url}/progress`, { headers: { "accept-encoding": encoding } }, (res) => {
          assert.equal(res.headers["content-encoding"], encoding);
          const decoder = encoding === "gzip" ? zlib.createGunzip() : zlib.createBrotliDecompress();
          const parts: string[] = [];
          decoder.on("data", (chunk: Buffer) => {
            parts.push(chunk.toString());
            // Only the first chunk can have arrived: the generator is parked on the gate until now.
            if (parts.join("") === "first;") release();
          });
          decoder.on("end", () => resolve(parts));
          decoder.on("error", reject);
          res.pipe(decoder);
        });
        req.on("error", reject);
        req.end();
      });
      assert.equal(decoded.join(""), "first;second;");
      assert.equal(decoded[0], "first;");
    } finally {
      await server.close();
    }
  });
}

test("a client that leaves mid-stream stops the source", async () => {
  let finished = false;
  let produced = 0;
  const app = new App({ logger: silent }).get(
    "/forever",
    () =>
      new StreamingResponse(
        (async function* () {
          try {
            while (true) {
              produced++;
              yield "x".repeat(1000);
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          } finally {
            finished = true;
          }
        })(),
      ),
  );
  app.use(gzip());
  const server = await app.listen({ port: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${server.url}/forever`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => {});
      req.end();
      setTimeout(() => reject(new Error("no data")), 5000);
    });
    const deadline = Date.now() + 3000;
    while (!finished && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(finished, true);
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(produced, after);
  } finally {
    await server.close();
  }
});
