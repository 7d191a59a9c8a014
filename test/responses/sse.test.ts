import { test } from "node:test";
import assert from "node:assert/strict";
import { get } from "node:http";
import { App, EventSourceResponse, ServerSentEvent } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("events are framed as text/event-stream: data lines, JSON objects, id, event, retry, comments", async () => {
  const app = new App().get(
    "/events",
    () =>
      new EventSourceResponse(
        (async function* () {
          yield "hello";
          yield "two\nlines\r\nthree";
          yield { price: 12.5, tags: ["a"] };
          yield new ServerSentEvent({ event: "update", id: 7, retry: 3000, data: "x" });
          yield new ServerSentEvent({ comment: "just a note" });
          yield new ServerSentEvent({ data: { n: 1 }, id: "abc" });
          yield "";
        })(),
      ),
  );
  const res = await new TestClient(app).get("/events");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(res.headers.get("x-accel-buffering"), "no");
  assert.equal(res.headers.get("content-length"), null);
  assert.equal(
    res.text,
    "data: hello\n\n" +
      "data: two\ndata: lines\ndata: three\n\n" +
      'data: {"price":12.5,"tags":["a"]}\n\n' +
      "event: update\nid: 7\nretry: 3000\ndata: x\n\n" +
      ": just a note\n\n" +
      'id: abc\ndata: {"n":1}\n\n' +
      "data: \n\n",
  );
});

test("an idle stream gets ': ping' comments", async () => {
  const app = new App().get(
    "/slow",
    () =>
      new EventSourceResponse(
        (async function* () {
          yield "a";
          await sleep(130);
          yield "b";
        })(),
        { ping: 40 },
      ),
  );
  const res = await new TestClient(app).get("/slow");
  assert.match(res.text, /^data: a\n\n(: ping\n\n){2,3}data: b\n\n$/);
});

test("ping: 0 turns pings off", async () => {
  const app = new App().get(
    "/quiet",
    () =>
      new EventSourceResponse(
        (async function* () {
          await sleep(60);
          yield "only";
        })(),
        { ping: 0 },
      ),
  );
  assert.equal((await new TestClient(app).get("/quiet")).text, "data: only\n\n");
});

test("the handler reads Last-Event-ID from the request headers to resume", async () => {
  const app = new App().get("/resume", ({ request }) => {
    const last = Number(request.headers.get("last-event-id") ?? 0);
    return new EventSourceResponse(
      (async function* () {
        for (let id = last + 1; id <= last + 2; id++) yield new ServerSentEvent({ id, data: `event ${id}` });
      })(),
    );
  });
  const res = await new TestClient(app).get("/resume", { headers: { "last-event-id": "41" } });
  assert.equal(res.text, "id: 42\ndata: event 42\n\nid: 43\ndata: event 43\n\n");
});

test("event and id must be single lines, retry a whole number of ms", () => {
  assert.throws(() => new ServerSentEvent({ event: "a\nb" }), /event must be a single line/);
  assert.throws(() => new ServerSentEvent({ id: "1\r\ndata: forged" }), /id must be a single line/);
  assert.throws(() => new ServerSentEvent({ retry: 1.5 }), /retry must be a non-negative integer/);
});

test("a client disconnect stops the source: its finally runs, even while it waits between events", async (t) => {
  let produced = 0;
  let cleanedUp!: () => void;
  const finallyRan = new Promise<void>((resolve) => (cleanedUp = resolve));
  const app = new App().get(
    "/live",
    () =>
      new EventSourceResponse(
        (async function* () {
          try {
            while (true) {
              yield { n: ++produced };
              await sleep(20);
            }
          } finally {
            cleanedUp();
          }
        })(),
        { ping: 10 },
      ),
  );
  const server = await app.listen({ port: 0, gracefulTimeout: 200 });
  t.after(() => server.close());
  const received = await new Promise<string>((resolve, reject) => {
    const req = get(`${server.url}/live`, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if ((text.match(/^data: /gm) ?? []).length >= 3) {
          req.destroy();
          resolve(text);
        }
      });
    });
    req.on("error", (error) => (error.message === "socket hang up" ? undefined : reject(error)));
  });
  assert.match(received, /^data: \{"n":1\}\n\n/);
  await Promise.race([finallyRan, sleep(2000).then(() => assert.fail("the source's finally did not run"))]);
  const after = produced;
  await sleep(100);
  assert.equal(produced, after, "the source keeps producing after the disconnect");
});

test("HEAD answers the stream's headers and closes the source without reading it", async () => {
  let closed = false;
  let pulled = 0;
  const source: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => ({ done: false, value: `event ${++pulled}` }),
      return: async () => {
        closed = true;
        return { done: true, value: undefined };
      },
    }),
  };
  const app = new App().get("/events", () => new EventSourceResponse(source));
  const res = await new TestClient(app).head("/events");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(res.body.length, 0);
  assert.equal(closed, true);
  assert.equal(pulled, 0);
});
