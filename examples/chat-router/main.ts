// The seed's authenticated chat router: APIRouter(prefix="/ws") + /chat, with a Depends-based WebSocket
// authentication that reads a `token` query parameter. A failed check answers like the seed:
// {"status":40001,"message":"Authentication failed: …"} and then closes the connection.
import { App, APIRouter, Depends, WebSocketException, type DependencyContext, type WebSocket } from "skiffjs";

/** Demo tokens → user names. A real service would verify a signed token (see examples/chat). */
const TOKENS: Record<string, string> = { "alice-token": "alice", "bob-token": "bob" };

async function refuse(ws: WebSocket, why: string): Promise<never> {
  await ws.accept();
  await ws.sendJson({ status: 40001, message: `Authentication failed: ${why}` });
  throw new WebSocketException(4001, `Authentication failed: ${why}`);
}

/** The seed's `websocket_authentication`: `ws.query_params.get("token")`, checked before the chat starts. */
async function websocketAuthentication({ websocket }: DependencyContext): Promise<string> {
  const ws = websocket!;
  const token = ws.queryParams.get("token");
  if (!token) return refuse(ws, "token not found");
  const user = TOKENS[token];
  if (!user) return refuse(ws, "invalid token");
  return user;
}

export const router = new APIRouter({ prefix: "/ws", tags: ["websocket"] }).websocket(
  "/chat",
  { deps: { user: Depends(websocketAuthentication) } },
  async (ws, { deps }) => {
    await ws.accept();
    await ws.sendJson({ status: 0, message: `welcome, ${deps.user}` });
    for await (const message of ws.iterJson()) {
      await ws.sendJson({ status: 0, from: deps.user, message });
    }
  },
);

export const app = new App({ title: "Chat router" }).includeRouter(router);
