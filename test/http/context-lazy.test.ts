// The handler context makes `files` and `deps` on first read: each request still gets its own objects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("files and deps are empty objects of their own per request, and hold what the route resolved", async () => {
  const seen: object[] = [];
  const app = new App({ logLevel: "silent" })
    .get("/plain", (ctx) => {
      const { files, deps } = ctx;
      const fresh = Object.keys(files).length === 0 && Object.keys(deps).length === 0;
      (deps as Record<string, unknown>).leak = true;
      seen.push(files, deps);
      return { fresh, same: ctx.deps === deps };
    })
    .get("/with-dep", { deps: { n: Depends(() => 41 + 1) } }, ({ deps }) => ({ n: deps.n }));
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/plain")).json(), { fresh: true, same: true });
  assert.deepEqual((await client.get("/plain")).json(), { fresh: true, same: true });
  assert.equal(new Set(seen).size, 4);
  assert.deepEqual((await client.get("/with-dep")).json(), { n: 42 });
});
