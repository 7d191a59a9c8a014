// routers/items.ts: every route of this router needs the token and is tagged "items".
import { APIRouter, Depends, HTTPException, t } from "skiffjs";

const fakeItems: Record<string, { name: string }> = { plumbus: { name: "Plumbus" }, gun: { name: "Portal Gun" } };

export const tokenHeader = Depends({ headers: { "x-token": t.String() } }, ({ headers }) => {
  if (headers["x-token"] !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});

export const items = new APIRouter({ prefix: "/items", tags: ["items"], deps: [tokenHeader] })
  .get("/", () => fakeItems)
  .get("/{item_id}", ({ path }) => {
    if (!(path.item_id in fakeItems)) throw new HTTPException(404, "Item not found");
    return { name: fakeItems[path.item_id].name, item_id: path.item_id };
  });
