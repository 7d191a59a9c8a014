// The WebSocket baseline: a plain `ws` server doing the same echo, the same fan-out loop over a Set of clients
// and the same idle connections, with no framework in between.
import { createServer } from "node:http";
import { WebSocketServer, WebSocket } from "ws";
import { serverArgs } from "./shared.ts";

const { port } = serverArgs();

const server = createServer((req, res) => {
  if (req.url === "/__mem") {
    (globalThis as { gc?: () => void }).gc?.();
    const text = JSON.stringify(process.memoryUsage());
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ noServer: true });
const room = new Set<WebSocket>();

server.on("upgrade", (req, socket, head) => {
  const path = req.url ?? "/";
  if (!["/echo", "/sub", "/pub", "/idle"].includes(path)) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (path === "/echo") {
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    } else if (path === "/sub") {
      room.add(ws);
      ws.on("close", () => room.delete(ws));
    } else if (path === "/pub") {
      ws.on("message", (data, isBinary) => {
        for (const client of room) if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
      });
    } else {
      ws.on("message", () => {});
    }
  });
});

server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
