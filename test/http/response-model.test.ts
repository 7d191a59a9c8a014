import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { pino } from "pino";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const UserOut = t.Object({ id: t.Integer(), name: t.String() });

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

test("a response model drops fields it does not declare (no accidental leaks)", async () => {
  const app = new App().get(
    "/me",
    { response: UserOut },
    () => ({ id: 1, name: "alice", password: "hunter2", isAdmin: true }) as { id: number; name: string },
  );
  const res = await new TestClient(app).get("/me");
  assert.equal(res.status, 200);
  assert.equal(res.text, '{"id":1,"name":"alice"}');
});

test("an output that breaks its schema is a 500, logged with the field, never a half-written body", async () => {
  const { lines, logger } = capture();
  const app = new App({ logger }).get("/me", { response: UserOut }, () => ({ id: "one", name: "alice" }) as unknown as { id: number; name: string });
  const res = await new TestClient(app).get("/me");
  assert.equal(res.status, 500);
  assert.equal(res.text, "Internal Server Error");
  const logged = lines.find((line) => line.level === 50);
  assert.ok(logged, "the error is logged");
  assert.match(JSON.stringify(logged), /response\.id/);
  assert.match(JSON.stringify(logged), /GET \/me/);
});
