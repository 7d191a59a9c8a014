import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ThrowawayRedis, freePort as freeRedisPort, redisServerSkipReason } from "../broadcast/helpers.ts";
import { freePort, runCli, type CliProcess } from "../helpers/cli.ts";
import { ChatClient } from "./helpers.ts";

const EXAMPLE = "examples/broadcast-chat/main.ts:app";
const skip = await redisServerSkipReason();

test("broadcast-chat across two servers survives a Redis restart, and ?since= replays missed messages exactly once, in order", { skip }, async () => {
  // Our own redis-server: the shared one on 6379 is never restarted.
  const redis = new ThrowawayRedis(await freeRedisPort());
  const servers: CliProcess[] = [];
  const clients: ChatClient[] = [];
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.stop("SIGKILL")));
    await redis.stop();
  });
  await redis.start();
  const ports = [await freePort(), await freePort()];
  for (const port of ports) servers.push(runCli(["run", EXAMPLE, "--port", String(port)], { env: { BROADCAST_URL: `${redis.url}?streams=1` } }));
  await Promise.all(servers.map((server) => server.waitFor(/Skiff running/)));
  const connect = (port: number, since?: string) => {
    const client = new ChatClient(`ws://127.0.0.1:${port}/rooms/lobby${since ? `?since=${since}` : ""}`);
    clients.push(client);
    return client;
  };

  const alice = connect(ports[0]);
  const bob = connect(ports[1]);
  await Promise.all([alice.opened, bob.opened]);
  alice.send("before");
  await bob.receive("before");

  await redis.stop(); // redis-cli shutdown nosave
  alice.send("while down");
  await alice.waitFor((raw) => raw.includes("unavailable for a moment"));
  await redis.start();
  // Both servers reconnect and re-subscribe by themselves: probe until one message makes it across each way. The
  // clients stay connected all along: a server whose catch-up failed would close them (1013).
  const deadline = Date.now() + 10_000;
  const client = (name: string, c: ChatClient) => `${name} ${JSON.stringify(c.frames)} (closed: ${JSON.stringify(c.closedWith)})`;
  const state = () => `${client("alice", alice)}, ${client("bob", bob)}`;
  for (let probe = 0; !bob.texts.some((t) => t.startsWith("probe")) || !alice.texts.some((t) => t.startsWith("reply")); probe++) {
    assert.ok(!alice.closedWith && !bob.closedWith, `a client was closed: ${state()}`);
    assert.ok(Date.now() < deadline, `no recovery within 10 s: ${state()}`);
    alice.send(`probe ${probe}`);
    bob.send(`reply ${probe}`);
    await sleep(100);
  }
  // Probes still on their way would land after Bob's last seen id below: each side's last word comes after its
  // own probes (a server publishes one client's messages in order), so once both arrived everywhere none is left.
  alice.send("after, says alice");
  bob.send("after, says bob");
  await Promise.all([alice, bob].flatMap((c) => ["after, says alice", "after, says bob"].map((text) => c.receive(text))));

  // Bob goes away remembering the last id he saw; what is said meanwhile is replayed when he comes back.
  const lastSeen = bob.lastId!;
  bob.close();
  await bob.closed;
  const missed = ["missed 1", "missed 2", "missed 3", "missed 4", "missed 5"];
  for (const text of missed) alice.send(text);
  await alice.receive("missed 5");
  const back = connect(ports[1], lastSeen);
  await back.opened;
  alice.send("live again");
  await back.receive("live again");
  assert.deepEqual(back.texts, [...missed, "live again"], `after ${lastSeen}, got ${JSON.stringify(back.frames)}`);
  const ids = back.frames.map((frame) => frame.id);
  assert.equal(new Set(ids).size, ids.length, "no event twice");

  for (const server of servers) assert.deepEqual(await server.stop("SIGTERM"), { code: 0, signal: null }, server.output());
});
