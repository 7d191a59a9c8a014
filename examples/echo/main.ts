// The seed's echo WebSocket, in Skiff: every message is answered; "bye" also ends the chat.
// Run: npx skiff run examples/echo/main.ts:app   then connect to ws://127.0.0.1:8000/ws
import { App } from "skiffjs";

export const app = new App().websocket("/ws", async (ws) => {
  await ws.accept();
  for await (const text of ws.iterText()) {
    await ws.sendText(`接受到的消息是: ${text}`);
    if (text === "bye") {
      await ws.sendText("聊天关闭");
      await ws.close(1000);
      break;
    }
  }
});
