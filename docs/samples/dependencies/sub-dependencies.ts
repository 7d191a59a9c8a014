import { App, Depends, t } from "skiffjs";

const queryExtractor = Depends({ query: { q: t.Optional(t.String()) } }, ({ query }) => query.q);

// Depends on another dependency: `deps` works in a dependency as in a route.
const queryOrCookie = Depends(
  { cookies: { last_query: t.Optional(t.String()) }, deps: { q: queryExtractor } },
  ({ cookies, deps }) => deps.q ?? cookies.last_query,
);

let calls = 0;
const counted = Depends(() => ++calls); // resolved once per request, however many dependents use it

export const app = new App().get(
  "/items",
  { deps: { queryOrDefault: queryOrCookie, first: counted, again: Depends({ deps: { n: counted } }, ({ deps }) => deps.n) } },
  ({ deps }) => ({ q_or_cookie: deps.queryOrDefault, same_value_twice: deps.first === deps.again }),
);
