import { App } from "skiffjs";

/** The versions of its protocol this server speaks, best first. */
const SPOKEN = ["chat.v2", "chat.v1"];

export const app = new App().websocket("/chat", async (ws) => {
  // What the client offered in `Sec-WebSocket-Protocol` (a browser's `new WebSocket(url, ["chat.v1"])`).
  const subprotocol = SPOKEN.find((name) => ws.subprotocols.includes(name));
  if (subprotocol === undefined) return ws.close(); // nothing in common: refuse the handshake (403)
  await ws.accept({
    subprotocol, // sent back in `Sec-WebSocket-Protocol`: both sides now speak it
    headers: { "set-cookie": `chat-version=${subprotocol}; Path=/; HttpOnly`, "x-chat-server": "skiff" },
  });
  await ws.sendJson({ speaking: ws.subprotocol });
  // Each version has its own message format: v2 sends JSON, v1 plain text.
  for await (const text of ws.iterText()) await (subprotocol === "chat.v2" ? ws.sendJson({ text }) : ws.sendText(text));
});
