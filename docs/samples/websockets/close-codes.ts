import { App, HTTPException, WebSocketException, t } from "skiffjs";

export const app = new App()
  // Refused before accept(): the handshake is answered with HTTP 403 (or the HTTPException's status).
  .websocket("/rooms/{room}", { query: { token: t.Optional(t.String()) } }, async (ws, { path, query }) => {
    if (query.token === undefined) throw new HTTPException(401, "token required");
    if (path.room === "closed") return ws.close(); // close before accept: 403
    await ws.accept();
    await ws.sendJson({ joined: path.room });
    // After accept: WebSocketException closes with its code and reason.
    const text = await ws.receiveText();
    if (text === "shout") throw new WebSocketException(4003, "no shouting");
    await ws.close(4000, `left ${path.room}`); // 4000–4999 are yours
  })
  // Only codes a peer may send are accepted; this throws a RangeError naming the rule (and the client sees 1011).
  .websocket("/wrong", async (ws) => {
    await ws.accept();
    await ws.close(100);
  });
