// DESIGN.md section 4 (and the dependency lines of sections 3 and 5), as written, with a fake pool.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  App,
  APIRouter,
  Depends,
  HTTPException,
  t,
  HTTPBearer,
  HTTPBasic,
  OAuth2PasswordBearer,
  APIKeyHeader,
  APIKeyQuery,
  APIKeyCookie,
} from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { deferred } from "./helpers.ts";

interface Client {
  findUser(authorization: string): Promise<{ name: string } | undefined>;
  release(): void;
}

function fakePool(events: string[]) {
  return {
    async connect(): Promise<Client> {
      events.push("connect");
      return {
        async findUser(authorization) {
          return authorization === "Bearer good" ? { name: "ann" } : undefined;
        },
        release: () => void events.push("release"),
      };
    },
  };
}

test("section 4: db generator, currentUser with headers and deps, /me", async () => {
  const events: string[] = [];
  const pool = fakePool(events);

  const db = Depends(async function* () {
    const c = await pool.connect();
    try {
      yield c;
    } finally {
      c.release();
    }
  });
  const currentUser = Depends({ headers: { authorization: t.String() }, deps: { db } }, async ({ headers, deps }) => {
    const user = await deps.db.findUser(headers.authorization);
    if (!user) throw new HTTPException(401, "Invalid token");
    return user;
  });
  const app = new App();
  app.get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user);

  const client = new TestClient(app);
  assert.deepEqual((await client.get("/me", { headers: { authorization: "Bearer good" } })).json(), { name: "ann" });
  assert.equal((await client.get("/me", { headers: { authorization: "Bearer bad" } })).status, 401);
  const missing = await client.get("/me");
  assert.equal(missing.status, 422);
  assert.deepEqual(
    (missing.json() as { detail: { loc: string[] }[] }).detail.map((d) => d.loc),
    [["header", "authorization"]],
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  // As in FastAPI, db (valid) runs before currentUser's own header is checked, so the 422 request connects too.
  assert.deepEqual(events, ["connect", "release", "connect", "release", "connect", "release"], "released after each request that connected");
});

test("section 4 bullets: cache: false, overrides, same deps on WebSocket routes with teardown at the end", async () => {
  let calls = 0;
  const counter = Depends(() => ++calls, { cache: false });
  const twice = Depends({ deps: { counter } }, ({ deps }) => deps.counter);
  const app = new App().get("/count", { deps: { a: counter, b: twice } }, ({ deps }) => [deps.a, deps.b]);
  assert.deepEqual((await new TestClient(app).get("/count")).json(), [1, 2]);

  const realDb = Depends(() => "real");
  const fakeDb = Depends(() => "fake");
  app.get("/db", { deps: { db: realDb } }, ({ deps }) => deps.db);
  app.dependencyOverrides.set(realDb, fakeDb);
  assert.equal((await new TestClient(app).get("/db")).json(), "fake");

  const closed = deferred();
  const wsUser = Depends(function* () {
    yield "ann";
    closed.resolve();
  });
  app.websocket("/ws/chat", { query: { token: t.String() }, deps: { user: wsUser } }, async (ws, { query, deps }) => {
    await ws.accept();
    await ws.sendJson({ user: deps.user, token: query.token });
  });
  const session = await new TestClient(app).websocketConnect("/ws/chat", { query: { token: "t" } });
  assert.deepEqual(await session.receiveJson(), { user: "ann", token: "t" });
  await closed.promise;
});

test("section 3: router-level deps run for every route of the router", async () => {
  const seen: string[] = [];
  const requireUser = Depends(({ request }) => {
    if (!request.headers.get("x-user")) throw new HTTPException(401, "Not authenticated");
    seen.push(request.path);
  });
  const router = new APIRouter({ prefix: "/ws", tags: ["websocket"], deps: [requireUser] });
  router.get("/rooms", () => ["lobby"]);
  const app = new App();
  app.includeRouter(router, { prefix: "/v1" });
  const client = new TestClient(app);
  assert.equal((await client.get("/v1/ws/rooms")).status, 401);
  assert.deepEqual((await client.get("/v1/ws/rooms", { headers: { "x-user": "ann" } })).json(), ["lobby"]);
  assert.deepEqual(seen, ["/v1/ws/rooms"]);
});

test("section 4 security: each scheme's value as FastAPI's, missing credentials → 401 with WWW-Authenticate", async () => {
  const app = new App()
    .get("/bearer", { deps: { c: HTTPBearer() } }, ({ deps }) => deps.c)
    .get("/basic", { deps: { c: HTTPBasic() } }, ({ deps }) => deps.c)
    .get("/oauth2", { deps: { c: OAuth2PasswordBearer({ tokenUrl: "/token" }) } }, ({ deps }) => deps.c)
    .get("/header", { deps: { c: APIKeyHeader({ name: "x-key" }) } }, ({ deps }) => deps.c)
    .get("/query", { deps: { c: APIKeyQuery({ name: "key" }) } }, ({ deps }) => deps.c)
    .get("/cookie", { deps: { c: APIKeyCookie({ name: "key" }) } }, ({ deps }) => deps.c);
  const client = new TestClient(app);
  const bearer = { authorization: "Bearer tok" };
  assert.deepEqual((await client.get("/bearer", { headers: bearer })).json(), { scheme: "Bearer", credentials: "tok" });
  assert.deepEqual((await client.get("/basic", { headers: { authorization: `Basic ${btoa("ann:pw")}` } })).json(), {
    username: "ann",
    password: "pw",
  });
  assert.equal((await client.get("/oauth2", { headers: bearer })).json(), "tok");
  assert.equal((await client.get("/header", { headers: { "x-key": "k" } })).json(), "k");
  assert.equal((await client.get("/query", { query: { key: "k" } })).json(), "k");
  assert.equal((await client.get("/cookie", { cookies: { key: "k" } })).json(), "k");

  const challenges: Record<string, string> = {
    bearer: "Bearer",
    basic: "Basic",
    oauth2: "Bearer",
    header: "APIKey",
    query: "APIKey",
    cookie: "APIKey",
  };
  for (const [path, challenge] of Object.entries(challenges)) {
    const res = await client.get(`/${path}`);
    assert.equal(res.status, 401, path);
    assert.deepEqual(res.json(), { detail: "Not authenticated" });
    assert.equal(res.headers.get("www-authenticate"), challenge, path);
  }
});
