// Type-level tests of dependencies (checked by `tsc` in `npm test`): what `ctx.deps` and a dependency's ctx hold.
import { App, APIRouter, Depends, Security, SecurityScopes, t, type Dependency, type Provided } from "skiffjs";
import type { Equal, Expect } from "./helpers.ts";

interface User {
  id: number;
  name: string;
}
interface Connection {
  query(sql: string): Promise<unknown[]>;
  release(): void;
}

// The value of each kind of dependency function.
type _sync = Expect<Equal<Provided<User>, User>>;
type _async = Expect<Equal<Provided<Promise<User>>, User>>;
type _gen = Expect<Equal<Provided<Generator<Connection, void, unknown>>, Connection>>;
type _agen = Expect<Equal<Provided<AsyncGenerator<Connection, void, unknown>>, Connection>>;

const syncUser = Depends(() => ({ id: 1, name: "ann" }) as User);
const asyncUser = Depends(async () => ({ id: 2, name: "bob" }) as User);
const db = Depends(async function* () {
  const connection = {} as Connection;
  try {
    yield connection;
  } finally {
    connection.release();
  }
});
const syncDb = Depends(function* () {
  yield {} as Connection;
});
type _d1 = Expect<Equal<typeof syncUser, Dependency<User, {}>>>;
type _d2 = Expect<Equal<typeof asyncUser extends Dependency<infer T, any> ? T : never, User>>;
type _d3 = Expect<Equal<typeof db extends Dependency<infer T, any> ? T : never, Connection>>;

new App().get("/me", { deps: { user: syncUser, other: asyncUser, db, syncDb } }, ({ deps }) => {
  type _user = Expect<Equal<typeof deps.user, User>>;
  type _other = Expect<Equal<typeof deps.other, User>>;
  type _db = Expect<Equal<typeof deps.db, Connection>>;
  type _syncDb = Expect<Equal<typeof deps.syncDb, Connection>>;
  // @ts-expect-error only the declared deps are there
  deps.missing;
  return deps.user;
});

// A dependency's own declared params are typed in its ctx, and its deps too.
const pagination = Depends(
  { query: { skip: t.Integer({ default: 0 }), q: t.Optional(t.String()) }, headers: { "x-tenant": t.String() }, deps: { db } },
  ({ query, headers, deps }) => {
    type _skip = Expect<Equal<typeof query.skip, number>>;
    type _q = Expect<Equal<typeof query.q, string | undefined>>;
    type _tenant = Expect<Equal<(typeof headers)["x-tenant"], string>>;
    type _db = Expect<Equal<typeof deps.db, Connection>>;
    return { skip: query.skip, tenant: headers["x-tenant"] };
  },
);
new App().get("/items", { deps: { page: pagination } }, ({ deps }) => {
  type _ = Expect<Equal<typeof deps.page, { skip: number; tenant: string }>>;
  return deps.page;
});

// A list of deps runs for effect: nothing is added to ctx.deps.
new App({ deps: [syncUser] }).get("/", { deps: [db] }, ({ deps }) => {
  type _ = Expect<Equal<typeof deps, {}>>;
  return "ok";
});
new APIRouter({ deps: [asyncUser] });

// Security keeps the type; SecurityScopes is typed.
const scoped = Security(asyncUser, { scopes: ["me"] });
type _scoped = Expect<Equal<typeof scoped, typeof asyncUser>>;
Depends({ deps: { s: SecurityScopes } }, ({ deps }) => {
  type _ = Expect<Equal<typeof deps.s, SecurityScopes>>;
  type _scopes = Expect<Equal<typeof deps.s.scopes, string[]>>;
  return deps.s.scopeStr;
});

// Options and misuse.
Depends(() => 1, { cache: false });
// @ts-expect-error the function comes after the spec
Depends({ query: {} });
