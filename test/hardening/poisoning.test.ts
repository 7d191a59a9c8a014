// Prototype poisoning through every input: JSON bodies, query strings, forms (urlencoded and multipart), cookies,
// headers, WebSocket JSON and MessageRouter dispatch. Each attack is fed to a handler that does what careless code
// does — a naive recursive merge of the input into a fresh object — and afterwards no prototype may be polluted and
// the handler may not have seen a `__proto__` key or an object with a foreign prototype.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App, MessageRouter, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { assertNoPollution, listen, silent } from "./helpers.ts";

/** What a careless handler does with input: merge it key by key, recursing into objects (the classic gadget). */
function naiveMerge(target: any, source: any): any {
  for (const key in source) {
    const value = source[key];
    if (typeof value === "object" && value !== null) {
      if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
      naiveMerge(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** Everything a handler could notice about a tainted value. */
function inspect(value: unknown): { ownProto: boolean; foreignPrototype: boolean; polluted: unknown } {
  const seen = new Set<unknown>();
  let ownProto = false;
  let foreignPrototype = false;
  const walk = (v: unknown) => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    // An own `__proto__` key holding a string (a cookie, query or header value) is inert; one holding an object is
    // the gadget: Object.assign or a merge would make it the target's prototype.
    const own = Object.getOwnPropertyDescriptor(v, "__proto__");
    if (own && typeof own.value === "object" && own.value !== null) ownProto = true;
    const proto = Object.getPrototypeOf(v);
    if (
      proto !== null &&
      proto !== Object.prototype &&
      proto !== Array.prototype &&
      !(v instanceof Date) &&
      !(v instanceof Uint8Array) &&
      proto.constructor?.name !== "UploadFile"
    )
      foreignPrototype = true;
    for (const key of Reflect.ownKeys(v)) walk((v as Record<PropertyKey, unknown>)[key]);
  };
  walk(value);
  naiveMerge({}, value);
  return { ownProto, foreignPrototype, polluted: ({} as Record<string, unknown>).polluted };
}

const CLEAN = { ownProto: false, foreignPrototype: false, polluted: undefined };

afterEach(() => {
  // A failing attack must not poison the tests after it.
  for (const proto of [Object.prototype, Array.prototype]) {
    for (const key of ["polluted", "x", "y", "admin", "0", "1"]) delete (proto as unknown as Record<string, unknown>)[key];
  }
});

const check = (ok: boolean, message: string) => assert.ok(ok, message);

const JSON_ATTACKS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"a":1,"__proto__":{"polluted":"yes"},"b":{"__proto__":{"polluted":"yes"}}}',
  '{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"list":[{"__proto__":{"polluted":"yes"}},[{"constructor":{"prototype":{"polluted":"yes"}}}]]}',
  '[{"__proto__":{"polluted":"yes"}}]',
];

test("JSON bodies: __proto__ and constructor.prototype keys never reach a handler, whatever the schema", async () => {
  const seen: unknown[] = [];
  const record = ({ body }: { body: unknown }) => {
    seen.push(inspect(body));
    return "ok";
  };
  const app = new App({ logger: silent })
    .post("/any", { body: t.Any() }, record)
    .post("/open", { body: t.Object({ a: t.Optional(t.Any()) }, { additionalProperties: true }) }, record)
    .post("/record", { body: t.Record(t.String(), t.Any()) }, record)
    .post("/raw", async ({ request }) => {
      // request.json() is the plain JSON.parse of the text: documented as unprotected, so only merge what the
      // schema-validated path gives. Here we check it at least cannot pollute by itself.
      await request.json().catch(() => undefined);
      return "ok";
    });
  const client = new TestClient(app);
  for (const attack of JSON_ATTACKS) {
    for (const path of ["/any", "/open", "/record"]) {
      const res = await client.post(path, { body: attack, headers: { "content-type": "application/json" } });
      if (res.status === 200) continue;
      // A top-level array is not an object for /open and /record: a 422, which is fine.
      assert.equal(res.status, 422, `${path} ${attack}: ${res.text}`);
    }
    await client.post("/raw", { body: attack, headers: { "content-type": "application/json" } });
    assertNoPollution(check);
  }
  assert.ok(seen.length >= JSON_ATTACKS.length * 2);
  for (const s of seen) assert.deepEqual(s, CLEAN);
  // An ordinary "constructor" field (no "prototype" inside) is data and is kept.
  const kept = await client.post("/any", { json: { constructor: "Acme Ltd", proto: 1 } });
  assert.equal(kept.status, 200);
});

test("query strings: bracket keys are plain names, `__proto__` is an ordinary key of a prototype-less object", async () => {
  const seen: unknown[] = [];
  const app = new App({ logger: silent })
    .get("/raw", ({ request }) => {
      seen.push(inspect(request.queryObject));
      seen.push(inspect(Object.fromEntries(request.queryParams)));
      return { proto: Object.getPrototypeOf(request.queryObject) };
    })
    .get(
      "/declared",
      { query: { constructor: t.Optional(t.String()), toString: t.Optional(t.String()), a: t.Optional(t.Array(t.String())) } },
      ({ query }) => {
        seen.push(inspect(query));
        // Only own properties: a validated object is a plain object, so an absent `toString` param reads the inherited one.
        const own = (key: string) => (Object.hasOwn(query, key) ? (query as Record<string, unknown>)[key] : null);
        return { constructor: own("constructor"), toString: own("toString"), a: own("a") };
      },
    );
  const client = new TestClient(app);
  for (const attack of [
    "__proto__[polluted]=1",
    "__proto__=x&__proto__=y",
    "a[constructor][prototype][polluted]=1",
    "constructor[prototype][polluted]=1",
    "__proto__.polluted=1",
    "%5F%5Fproto%5F%5F%5Bpolluted%5D=1",
  ]) {
    const raw = await client.get(`/raw?${attack}`);
    assert.equal(raw.status, 200);
    assert.deepEqual(raw.json(), { proto: null });
    assert.equal((await client.get(`/declared?${attack}`)).status, 200);
    assertNoPollution(check);
  }
  // Declared params named like Object.prototype members read only what was sent.
  assert.deepEqual((await client.get("/declared")).json(), { constructor: null, toString: null, a: null });
  assert.deepEqual((await client.get("/declared?constructor=c&toString=s&a=1")).json(), { constructor: "c", toString: "s", a: ["1"] });
  for (const s of seen) assert.deepEqual(s, CLEAN);
});

test("forms, urlencoded and multipart: poisoned field and file names are ordinary keys", async () => {
  const seen: unknown[] = [];
  const app = new App({ logger: silent })
    .post("/form", { form: t.Object({ a: t.Optional(t.String()) }, { additionalProperties: true }) }, ({ body }) => {
      seen.push(inspect(body));
      return Object.keys(body as object);
    })
    .post("/files", { form: t.Object({}, { additionalProperties: true }), files: { f: t.Optional(t.File()) } }, ({ body, files }) => {
      seen.push(inspect(body));
      seen.push(inspect(files));
      return "ok";
    });
  const client = new TestClient(app);
  const urlencoded = await client.post("/form", {
    body: "__proto__[polluted]=1&__proto__=x&__proto__=y&constructor[prototype][polluted]=1&a=ok&constructor=c",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(urlencoded.status, 200, urlencoded.text);
  assertNoPollution(check);
  const boundary = "poison";
  const part = (name: string, value: string, filename?: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n\r\n${value}\r\n`;
  const body = [
    part("__proto__", "x"),
    part("__proto__", "y"),
    part("__proto__[polluted]", "1"),
    part("constructor", "c"),
    part("__proto__", "evil", "__proto__.txt"),
    part("f", "data", "f.txt"),
    `--${boundary}--\r\n`,
  ].join("");
  const multipart = await client.post("/files", { body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
  assert.ok(multipart.status === 200 || (multipart.status >= 400 && multipart.status < 500), multipart.text);
  assertNoPollution(check);
  for (const s of seen) assert.deepEqual(s, CLEAN);
});

test("cookies and headers: `__proto__` names are ordinary keys, never a prototype", async () => {
  const seen: unknown[] = [];
  const app = new App({ logger: silent }).get("/", { cookies: { constructor: t.Optional(t.String()) } }, ({ request, cookies }) => {
    seen.push(inspect(request.cookies));
    seen.push(inspect(cookies));
    seen.push(inspect(Object.fromEntries(request.headers)));
    return {
      cookie: Reflect.get(request.cookies, "__proto__") ?? null,
      header: request.headers.get("__proto__"),
      declared: cookies.constructor ?? null,
    };
  });
  const client = new TestClient(app);
  const res = await client.get("/", { headers: { cookie: "__proto__=x; constructor=c; polluted=1", __proto__: "h" } as Record<string, string> });
  assert.equal(res.status, 200);
  assert.equal(res.json().declared, "c");
  assertNoPollution(check);
  // Over a real socket, where Node builds the header object itself.
  const server = await listen(app);
  try {
    const answer = await fetch(`${server.url}/`, { headers: { cookie: "__proto__=x; __proto__[polluted]=1", "x-proto": "__proto__" } });
    assert.equal(answer.status, 200);
  } finally {
    await server.close();
  }
  assertNoPollution(check);
  for (const s of seen) assert.deepEqual(s, CLEAN);
});

test("WebSocket JSON and MessageRouter: poisoned messages reach handlers clean; odd `type` values are unknown types", async () => {
  const seen: unknown[] = [];
  const router = new MessageRouter()
    .on("say", t.Object({ text: t.String() }, { additionalProperties: true }), async (msg, ws) => {
      seen.push(inspect(msg));
      await ws.sendJson({ said: msg.text });
    })
    .on("open", t.Record(t.String(), t.Any()), async (msg, ws) => {
      seen.push(inspect(msg));
      await ws.sendJson({ open: true });
    });
  const app = new App({ logger: silent })
    .websocket("/json", async (ws) => {
      await ws.accept();
      for await (const message of ws.iterJson()) {
        seen.push(inspect(message));
        await ws.sendJson({ ok: true });
      }
    })
    .websocket("/typed", { messages: { in: t.Object({ a: t.Optional(t.Any()) }, { additionalProperties: true }) } }, async (ws) => {
      await ws.accept();
      for await (const message of ws.iterJson()) {
        seen.push(inspect(message));
        await ws.sendJson({ ok: true });
      }
    })
    .websocket("/router", async (ws) => {
      await ws.accept();
      for await (const message of ws.iterJson()) await router.dispatch(ws, message);
    })
    .websocket("/router-own-parse", async (ws) => {
      // The app parses messages itself (plain JSON.parse keeps `__proto__` as an own key); validation drops it.
      await ws.accept();
      for await (const text of ws.iterText()) await router.dispatch(ws, JSON.parse(text));
    });
  const server = await listen(app);
  const exchange = async (path: string, messages: string[]) => {
    const ws = new WsClient(`ws://127.0.0.1:${server.port}${path}`);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const answers: unknown[] = [];
    for (const message of messages) {
      ws.send(message);
      answers.push(await new Promise((resolve) => ws.once("message", (data) => resolve(JSON.parse(data.toString())))));
    }
    ws.close();
    return answers;
  };
  try {
    await exchange("/json", JSON_ATTACKS);
    await exchange(
      "/typed",
      JSON_ATTACKS.filter((a) => a.startsWith("{")),
    );
    const routed = await exchange("/router", [
      '{"type":"say","text":"hi","__proto__":{"polluted":"yes"}}',
      '{"type":"say","text":"hi","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"type":"open","__proto__":{"polluted":"yes"},"nested":{"__proto__":{"polluted":"yes"}}}',
      '{"type":"__proto__"}',
      '{"type":"constructor"}',
      '{"type":"toString"}',
      '{"type":"hasOwnProperty"}',
      '{"type":{"__proto__":{"polluted":"yes"}}}',
      '{"__proto__":{"type":"say"},"text":"hi"}',
    ]);
    assert.deepEqual(routed.slice(0, 3), [{ said: "hi" }, { said: "hi" }, { open: true }]);
    for (const answer of routed.slice(3)) assert.equal((answer as { type: string }).type, "error", JSON.stringify(answer));
    assertNoPollution(check);
    const ownParse = await exchange("/router-own-parse", [
      '{"type":"open","__proto__":{"polluted":"yes"},"a":1}',
      '{"type":"say","text":"hi","__proto__":{"polluted":"yes"}}',
    ]);
    assert.deepEqual(ownParse, [{ open: true }, { said: "hi" }]);
    assertNoPollution(check);
  } finally {
    await server.close();
  }
  assert.ok(seen.length >= 10);
  for (const s of seen) assert.deepEqual(s, CLEAN);
});

test("the in-memory TestClient's WebSocket path is protected the same way", async () => {
  const seen: unknown[] = [];
  const app = new App({ logger: silent }).websocket("/ws", async (ws) => {
    await ws.accept();
    const message = await ws.receiveJson();
    seen.push(inspect(message));
    await ws.sendJson({ ok: true });
  });
  const client = new TestClient(app);
  const ws = await client.websocketConnect("/ws");
  ws.sendText('{"__proto__":{"polluted":"yes"},"a":{"constructor":{"prototype":{"polluted":"yes"}}}}');
  assert.deepEqual(await ws.receiveJson(), { ok: true });
  assertNoPollution(check);
  assert.deepEqual(seen, [CLEAN]);
});
