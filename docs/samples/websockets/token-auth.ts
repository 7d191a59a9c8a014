import { App, APIRouter, Depends, WebSocketException, t, type WebSocket } from "skiffjs";

/** Demo tokens; a real service verifies a signed token (see the Security chapter). */
const TOKENS: Record<string, string> = { "alice-token": "alice", "bob-token": "bob" };

async function refuse(ws: WebSocket, why: string): Promise<never> {
  // Accept first, so the client can read why, then close with an application code.
  await ws.accept();
  await ws.sendJson({ status: 40001, message: `Authentication failed: ${why}` });
  throw new WebSocketException(4001, `Authentication failed: ${why}`);
}

// Browsers cannot set headers on a WebSocket, so the token comes in the query string, as the seed's chat does.
const wsUser = Depends({ query: { token: t.Optional(t.String()) } }, async ({ query, websocket }) => {
  if (!query.token) return refuse(websocket!, "token not found");
  return TOKENS[query.token] ?? refuse(websocket!, "invalid token");
});

const router = new APIRouter({ prefix: "/ws", tags: ["websocket"] }).websocket("/chat", { deps: { user: wsUser } }, async (ws, { deps }) => {
  await ws.accept();
  await ws.sendJson({ status: 0, message: `welcome, ${deps.user}` });
  for await (const message of ws.iterJson()) await ws.sendJson({ status: 0, from: deps.user, message });
});

export const app = new App().includeRouter(router);
