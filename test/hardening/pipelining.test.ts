// Pipelining: answers keep their order, and one connection that pipelines thousands of requests without reading
// the answers does not take the server from other clients. Loopback only, bounded in count and time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { App } from "skiffjs";
import { listen, rawSocket, silent, sleep } from "./helpers.ts";
import { nodeOnly } from "../helpers/runtime.ts";

const app = new App({ logger: silent })
  .get("/", () => ({ ok: true }))
  .get("/n/{n:int}", async ({ path }) => {
    // Later requests finish first: the answers must still come back in request order.
    await sleep(20 - (path.n % 20));
    return { n: path.n };
  });

test("pipelined requests are all answered, in order, past the pipelining depth", async () => {
  const server = await listen(app);
  const socket = await rawSocket(server.port);
  try {
    const count = 50;
    const chunks: Buffer[] = [];
    const all = new Promise<string>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        const text = Buffer.concat(chunks).toString();
        if ((text.match(/HTTP\/1\.1 200/g)?.length ?? 0) === count && text.endsWith("}")) resolve(text);
      });
    });
    socket.write(Array.from({ length: count }, (_, n) => `GET /n/${n} HTTP/1.1\r\nHost: x\r\n\r\n`).join(""));
    const text = await all;
    const order = [...text.matchAll(/\{"n":(\d+)\}/g)].map((match) => Number(match[1]));
    assert.deepEqual(
      order,
      Array.from({ length: count }, (_, n) => n),
    );
  } finally {
    socket.destroy();
    await server.close();
  }
});

test("a connection pipelining 20,000 requests and never reading does not stall other clients", {
  skip: nodeOnly("Node's HTTP/1.1 server reads pipelined requests through Skiff's own backpressure; Bun's node:http layer resets such a connection"),
}, async () => {
  const server = await listen(app);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const attacker = connect({ port: server.port, host: "127.0.0.1" });
  try {
    attacker.pause(); // never reads an answer
    await new Promise((resolve, reject) => attacker.once("connect", resolve).once("error", reject));
    // A warm connection first, so the timings below are the server's and not a fresh connection's.
    assert.equal(await timedGet(server.url, agent).then((r) => r.status), 200);
    attacker.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20_000));
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { status, ms } = await timedGet(server.url, agent);
      assert.equal(status, 200);
      latencies.push(ms);
      await sleep(20);
    }
    // Without the pipelining limit the first of these waited 1.5-5 s for the attacker's whole backlog.
    assert.ok(Math.max(...latencies) < 1000, `latencies: ${latencies.join(", ")} ms`);
  } finally {
    attacker.destroy();
    agent.destroy();
    await server.close();
  }
});

function timedGet(url: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(`${url}/`, { agent }, (res) => {
      res.resume();
      res.once("end", () => resolve({ status: res.statusCode ?? 0, ms: Math.round(performance.now() - started) }));
    })
      .once("error", reject)
      .end();
  });
}
