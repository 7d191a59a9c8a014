import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { App, StreamingResponse } from "skiffjs";

const CHUNK = 64 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An endless producer of 64 KiB chunks that counts what it made and notes when its finally ran. */
function producer() {
  const state = { produced: 0, finished: false };
  async function* chunks() {
    try {
      const chunk = new Uint8Array(CHUNK);
      while (true) {
        state.produced++;
        yield chunk;
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, chunks };
}

async function rawGet(port: number, path: string): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.on("error", () => undefined);
  socket.write(`GET ${path} HTTP/1.1\r\nhost: localhost\r\n\r\n`);
  return socket;
}

async function settle(read: () => number): Promise<number> {
  let last = -1;
  for (let i = 0; i < 100 && read() !== last; i++) {
    last = read();
    await sleep(50);
  }
  return read();
}

test("a producer streaming to a client that does not read is paused: what it makes stays bounded", async (t) => {
  const { state, chunks } = producer();
  const app = new App().get("/stream", () => new StreamingResponse(chunks(), { mediaType: "application/octet-stream" }));
  const server = await app.listen({ port: 0, gracefulTimeout: 100 });
  t.after(() => server.close());
  const socket = await rawGet(server.port, "/stream");
  socket.pause(); // the client reads nothing: only the kernel's socket buffers can fill
  const stalledAt = await settle(() => state.produced);
  assert.ok(stalledAt > 0, "the producer started");
  // Socket buffers on both ends hold a few MiB at most; without backpressure this would run into the GiBs.
  assert.ok(stalledAt * CHUNK < 64 * 1024 * 1024, `produced ${stalledAt} chunks while the client read nothing`);
  await sleep(300);
  assert.equal(state.produced, stalledAt, "the producer kept going while the client was not reading");
  // Reading resumes the producer.
  socket.resume();
  socket.on("data", () => undefined);
  const until = Date.now() + 5000;
  while (state.produced < stalledAt + 50 && Date.now() < until) await sleep(10);
  assert.ok(state.produced >= stalledAt + 50, "the producer resumed once the client read");
  socket.destroy();
});

test("a client that disconnects stops the producer: its finally runs", async (t) => {
  const { state, chunks } = producer();
  const app = new App().get("/stream", () => new StreamingResponse(chunks()));
  const server = await app.listen({ port: 0, gracefulTimeout: 100 });
  t.after(() => server.close());
  const socket = await rawGet(server.port, "/stream");
  await new Promise((resolve) => socket.once("data", resolve));
  socket.destroy();
  const until = Date.now() + 3000;
  while (!state.finished && Date.now() < until) await sleep(10);
  assert.equal(state.finished, true, "the producer's finally did not run after the disconnect");
  const producedAtClose = state.produced;
  await sleep(100);
  assert.equal(state.produced, producedAtClose);
});
