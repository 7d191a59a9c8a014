import { createClient } from "skiffjs/client";
import { WebSocket } from "ws"; // Node 20 has no global WebSocket; browsers and Node 22 do
import type { AppType } from "./server.ts"; // a type-only import: nothing from the server is bundled

export async function tour(baseUrl: string) {
  const api = createClient<AppType>(baseUrl, { WebSocket, headers: { "x-client": "docs" } });

  const found = await api.get("/items/{item_id}", { path: { item_id: 1 } });
  if (found.ok) console.log(found.data.name); // data is typed as Item: { name: string; price: number }

  const missing = await api.get("/items/{item_id}", { path: { item_id: 99 } });
  if (!missing.ok && missing.status === 404) console.log(missing.error.detail); // typed by `responses`

  // The body goes in `json` (a form in `form`).
  const created = await api.post("/items", { json: { name: "saw", price: 12 } });
  // @ts-expect-error -- `body` is not an option: a compile error, not a runtime 422
  await api.post("/items", { body: { name: "saw", price: 12 } });
  const invalid = await api.post("/items", { json: { name: "saw", price: -1 } });
  if (!invalid.ok && invalid.status === 422) console.log(invalid.error.detail[0].loc); // FastAPI's detail list

  const chat = api.websocket("/ws/chat");
  chat.send({ type: "say", text: "hi" }); // typed by the route's MessageRouter
  let echoed = "";
  for await (const message of chat) {
    echoed = message.echo; // typed by messages.out
    chat.close(1000); // `closed` resolves with the server's answer
  }
  return { found, missing, created, invalid, echoed, closed: await chat.closed };
}
