// client.ts: in a browser or in Node; imports only the app's type, so nothing of the server is bundled
import { createClient } from "skiffjs/client";
import type { AppType } from "./main.ts";

const api = createClient<AppType>("http://127.0.0.1:8000");

export async function addHammer() {
  const created = await api.post("/items", { json: { name: "hammer", price: 9.5 } }); // the body goes in `json:`
  if (!created.ok) return created.error.detail; // a 422: FastAPI's detail list, typed
  const found = await api.get("/items/{item_id}", { path: { item_id: 5 }, query: { q: "x" } });
  return { price: created.data.price, item: found.ok ? found.data : null }; // typed from the routes
}
