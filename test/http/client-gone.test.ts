import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { App, Depends } from "skiffjs";

test("when the client leaves before the response, teardown and background tasks still run", async () => {
  const events: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const resource = Depends(async function* () {
    events.push("open");
    try {
      yield "db";
    } finally {
      events.push("teardown");
      done();
    }
  });
  const app = new App().get("/slow", { deps: { db: resource } }, async ({ background }) => {
    background.add(() => events.push("background"));
    await new Promise((r) => setTimeout(r, 150));
    return { ok: true };
  });
  const server = await app.listen({ port: 0 });
  try {
    const req = httpRequest(`${server.url}/slow`);
    req.on("error", () => {});
    req.end();
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await finished;
    assert.deepEqual(events, ["open", "background", "teardown"]);
  } finally {
    await server.close();
  }
});
