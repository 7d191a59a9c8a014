import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { App } from "skiffjs";

test("a request arriving on a busy kept-alive connection during the drain is answered with connection: close", async () => {
  let started = 0;
  const app = new App()
    .get("/slow", async () => {
      started++;
      await sleep(300);
      return { slow: true };
    })
    .get("/quick", () => ({ quick: true }));
  const running = await app.listen({ port: 0 });
  const socket = connect(running.port, "127.0.0.1");
  let received = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
  const ended = new Promise((resolve) => socket.once("close", resolve));
  socket.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  while (started === 0) await sleep(5);

  const closed = running.close();
  socket.write("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n"); // the connection is busy, so not closed as idle
  await ended;
  await closed;
  const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
  assert.match(first, /^HTTP\/1\.1 200 [\s\S]*connection: keep-alive[\s\S]*\{"slow":true\}$/i);
  assert.match(second, /^HTTP\/1\.1 200 [\s\S]*connection: close[\s\S]*\{"quick":true\}$/i);
});
