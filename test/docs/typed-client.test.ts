// docs/typed-client.md: the client sample against its server, over a real port.
import { test } from "node:test";
import assert from "node:assert/strict";
import { app } from "../../docs/samples/typed-client/server.ts";
import { tour } from "../../docs/samples/typed-client/client.ts";

test("typed client: reads, a typed 404, a create, a 422, and a WebSocket round trip", async () => {
  const server = await app.listen({ host: "127.0.0.1", port: 0 });
  const logged: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void logged.push(...args);
  try {
    const result = await tour(server.url);
    assert.deepEqual([result.found.status, result.found.data], [200, { name: "hammer", price: 9.5 }]);
    assert.deepEqual([result.missing.status, result.missing.error], [404, { detail: "Item not found" }]);
    assert.deepEqual([result.created.status, result.created.data], [201, { id: 2, name: "saw", price: 12 }]);
    assert.equal(result.invalid.status, 422);
    assert.equal(result.echoed, "hi");
    assert.deepEqual(result.closed, { code: 1000, reason: "" });
    assert.deepEqual(logged, ["hammer", "Item not found", ["body", "price"]]);
  } finally {
    console.log = log;
    await server.close();
  }
});
