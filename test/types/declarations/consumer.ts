// A client package compiled against the server's emitted declarations only (test/types/declarations.test.ts):
// the typed client keeps every route's input and output.
import { createClient } from "skiffjs/client";
import type { AppType } from "./server.js";
import type { Equal, Expect } from "../helpers.ts";

const api = createClient<AppType>("http://127.0.0.1:8000");

export async function use(): Promise<void> {
  const item = await api.get("/items/{item_id}", { path: { item_id: 1 }, query: { q: "x", skip: 2 } });
  if (item.ok) {
    type _item = Expect<Equal<typeof item.data, { name: string; price: number; tags: string[] }>>;
  } else if (item.status === 404) {
    type _404 = Expect<Equal<typeof item.error, { detail: string }>>;
  }
  await api.post("/items", { json: { name: "a", price: 1 }, headers: { "x-tenant": "t" } });
  await api.put("/items/{item_id}", { path: { item_id: 3 }, headers: { "x-token": "t" } });
  await api.post("/token", { form: { username: "u", password: "p" } });
  const user = await api.get("/v1/admin/users/{id}", { path: { id: 1 } });
  if (user.ok) {
    type _user = Expect<Equal<typeof user.data, { id: number; by: string }>>;
  } else if (user.status === 401) {
    type _401 = Expect<Equal<typeof user.error, { detail: string }>>;
  }
  const room = api.websocket("/chat/{room}", { path: { room: "r" }, query: { token: "t" } });
  room.send({ type: "join", room: "lobby" });
  for await (const message of room) {
    type _message = Expect<Equal<typeof message, { type: "say"; text: string }>>;
  }
  // @ts-expect-error a body of the wrong type
  await api.post("/items", { json: { name: 1, price: 1 }, headers: { "x-tenant": "t" } });
  // @ts-expect-error a path the server does not have
  await api.get("/nope");
}
