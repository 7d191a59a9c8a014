import assert from "node:assert/strict";
import { after, test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { app } from "../../examples/broadcast-chat/main.ts";
import { REDIS_URL, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { freePort, runCli, type CliProcess } from "../helpers/cli.ts";
import { ChatClient } from "./helpers.ts";

const EXAMPLE = "examples/broadcast-chat/main.ts:app";

test("broadcast-chat in process (memory://): a room's clients all get each message; ?since= replays what was missed", async () => {
  await using client = new TestClient(app);
  const alice = await client.websocketConnect("/rooms/lobby");
  const bob = await client.websocketConnect("/rooms/lobby");
  const other = await client.websocketConnect("/rooms/other");
  alice.sendText("hi");
  const seenByBob = await bob.receiveJson<{ id: string; message: string }>();
  assert.equal(seenByBob.message, "hi");
  assert.equal((await alice.receiveJson()).message, "hi");
  await bob.close();

  alice.sendText("one");
  alice.sendText("two");
  assert.equal((await alice.receiveJson()).message, "one");
  assert.equal((await alice.receiveJson()).message, "two");
  const back = await client.websocketConnect("/rooms/lobby", { query: { since: seenByBob.id } });
  assert.deepEqual([(await back.receiveJson()).message, (await back.receiveJson()).message], ["one", "two"]);
  alice.sendText("three");
  assert.equal((await back.receiveJson()).message, "three");
  other.sendText("elsewhere");
  assert.equal((await other.receiveJson()).message, "elsewhere");
  await assert.rejects(back.receiveJson({ timeout: 100 }), "nothing from another room, nothing twice");

  await assert.rejects(client.websocketConnect("/rooms/lobby", { query: { since: "yesterday" } }), (error: { status?: number }) => {
    assert.equal(error.status, 400);
    return true;
  });
});

const skip = await redisSkipReason();

test("broadcast-chat on two `skiff run` processes sharing Redis: a message sent to one reaches the other", { skip }, async () => {
  const prefix = uniquePrefix();
  const url = new URL(REDIS_URL);
  url.search = `?prefix=${prefix}`;
  const servers: CliProcess[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.stop("SIGKILL")));
    await deleteKeys(prefix);
  });
  const ports = [await freePort(), await freePort()];
  for (const port of ports) servers.push(runCli(["run", EXAMPLE, "--port", String(port)], { env: { BROADCAST_URL: url.href } }));
  await Promise.all(servers.map((server) => server.waitFor(/Skiff running/)));

  const [alice, bob] = ports.map((port) => new ChatClient(`ws://127.0.0.1:${port}/rooms/lobby`));
  await Promise.all([alice.opened, bob.opened]);
  alice.send("from alice on the first server");
  await Promise.all([alice, bob].map((client) => client.receive("from alice on the first server")));
  bob.send("from bob on the second server");
  await Promise.all([alice, bob].map((client) => client.receive("from bob on the second server")));
  assert.deepEqual(alice.texts, ["from alice on the first server", "from bob on the second server"]);
  assert.deepEqual(bob.texts, alice.texts);

  for (const server of servers) assert.deepEqual(await server.stop("SIGTERM"), { code: 0, signal: null }, server.output());
  assert.deepEqual((await alice.closed).code, 1001);
});
