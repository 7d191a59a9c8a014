import { App, Depends } from "skiffjs";

/** A stand-in for a connection pool, recording what happens to each session. */
export const events: string[] = [];

// A generator dependency: the first `yield` is the value, the rest is teardown. The teardown runs after the response
// is sent, and also when the handler throws: `finally` releases the session either way.
const db = Depends(async function* () {
  const session = { id: events.length };
  events.push("open");
  try {
    yield session;
  } finally {
    events.push("close");
  }
});

export const app = new App()
  .get("/session", { deps: { db } }, ({ deps }) => {
    events.push("handler");
    return { session: deps.db.id };
  })
  .get("/fails", { deps: { db } }, () => {
    throw new Error("the handler failed");
  });
