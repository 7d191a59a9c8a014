import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { freePort, runCli } from "../helpers/cli.ts";

/** A raw HTTP request, so the test sees exactly the bytes a client would (no fetch normalisation). */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("skiff run serves the hello example over a real socket, as FastAPI would", async () => {
  const port = await freePort();
  const cli = runCli(["run", "examples/hello/main.ts:app", "--port", String(port)]);
  try {
    await cli.waitFor(/Skiff running on http:\/\/127\.0\.0\.1:\d+/);

    const root = await raw(port, "GET", "/");
    assert.equal(root.status, 200);
    assert.equal(root.body, '{"Hello":"World"}');
    assert.equal(root.headers["content-type"], "application/json");
    assert.equal(root.headers["content-length"], "17");

    const print = await raw(port, "GET", "/print");
    assert.equal(print.status, 200);
    assert.equal(print.body, '["Hello"]');
    await cli.waitFor(/"msg":"Hello"/); // /print logs Hello at info level

    const name = await raw(port, "GET", "/alice");
    assert.equal(name.body, '{"name":"alice"}');
    const encoded = await raw(port, "GET", "/caf%C3%A9%20au%20lait");
    assert.equal(encoded.body, '{"name":"café au lait"}');

    const post = await raw(port, "POST", "/");
    assert.equal(post.status, 405);
    assert.equal(post.body, '{"detail":"Method Not Allowed"}');
    assert.equal(post.headers.allow, "GET, HEAD");

    // Better than FastAPI: HEAD is answered for GET routes, with the GET's headers and no body.
    const head = await raw(port, "HEAD", "/");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    assert.equal(head.headers["content-length"], "17");

    const missing = await raw(port, "GET", "/a/b");
    assert.equal(missing.status, 404);
    assert.equal(missing.body, '{"detail":"Not Found"}');
    assert.equal(missing.headers["content-type"], "application/json");

    // Hostile input gets a clean 4xx and the server keeps serving.
    const garbage = await raw(port, "GET", "/%zz%");
    assert.ok(garbage.status >= 400 && garbage.status < 500, `got ${garbage.status}`);
    const dots = await raw(port, "GET", "/../../etc/passwd");
    assert.ok(dots.status >= 400 && dots.status < 500, `got ${dots.status}`);
    const huge = await raw(port, "GET", "/", { "x-big": "a".repeat(20_000) });
    assert.equal(huge.status, 431);
    const unknownMethod = await raw(port, "PROPFIND", "/");
    assert.equal(unknownMethod.status, 405);
    assert.equal((await raw(port, "GET", "/")).status, 200);
  } finally {
    const { code } = await cli.stop("SIGTERM");
    assert.equal(code, 0, cli.output());
  }
});

test("skiff run explains a missing file, a missing export and a busy port in one line", async () => {
  const missingFile = runCli(["run", "examples/hello/nope.ts:app", "--port", "0"]);
  assert.equal((await missingFile.exited).code, 1);
  assert.match(missingFile.output(), /ERROR: +Could not import "examples\/hello\/nope\.ts": no such file/);

  const missingExport = runCli(["run", "examples/hello/main.ts:api", "--port", "0"]);
  assert.equal((await missingExport.exited).code, 1);
  assert.match(missingExport.output(), /has no export named "api" \(it exports: app\)/);

  const port = await freePort();
  const first = runCli(["run", "examples/hello/main.ts", "--port", String(port)]);
  try {
    await first.waitFor(/Skiff running/);
    const second = runCli(["run", "examples/hello/main.ts", "--port", String(port)]);
    assert.equal((await second.exited).code, 1);
    assert.match(second.output(), new RegExp(`ERROR: +Port ${port} on 127\\.0\\.0\\.1 is already in use\\.`));
  } finally {
    await first.stop();
  }
});

test("--log-level warning hides info lines such as /print's Hello", async () => {
  const port = await freePort();
  const cli = runCli(["run", "examples/hello/main.ts:app", "--port", String(port), "--log-level", "warning"]);
  try {
    await cli.waitFor(/Skiff running/);
    const print = await raw(port, "GET", "/print");
    assert.equal(print.body, '["Hello"]');
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(cli.output(), /"msg":"Hello"/);
  } finally {
    await cli.stop();
  }
  const bad = runCli(["run", "examples/hello/main.ts:app", "--log-level", "loud"]);
  assert.equal((await bad.exited).code, 1);
  assert.match(bad.output(), /--log-level must be one of critical, error, warning, info, debug, trace/);
});
