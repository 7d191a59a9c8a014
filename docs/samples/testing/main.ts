import { App, Depends, HTTPException, t } from "skiffjs";

const fakeSecretToken = "coneofsilence";
const fakeDb: Record<string, { id: string; title: string; description: string }> = {
  foo: { id: "foo", title: "Foo", description: "There goes my hero" },
};

/** The real user lookup; tests replace it with `app.dependencyOverrides`. */
export const currentUser = Depends({ headers: { "x-token": t.String() } }, ({ headers }) => {
  if (headers["x-token"] !== fakeSecretToken) throw new HTTPException(400, "Invalid X-Token header");
  return { name: "admin" };
});

export const app = new App()
  .get("/items/{item_id}", { deps: { user: currentUser } }, ({ path }) => {
    const item = fakeDb[path.item_id];
    if (!item) throw new HTTPException(404, "Item not found");
    return item;
  })
  .get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user)
  .websocket("/ws", async (ws) => {
    await ws.accept();
    await ws.sendJson({ msg: "Hello WebSocket" });
    await ws.close();
  });
