import { App } from "skiffjs";

export const app = new App().websocket("/ws", async (ws) => {
  await ws.accept();
  // Ends quietly when the client closes normally; a dropped client raises WebSocketDisconnect instead.
  for await (const text of ws.iterText()) {
    if (text === "bye") return ws.close(1000, "see you");
    await ws.sendText(`Message text was: ${text}`);
  }
});
