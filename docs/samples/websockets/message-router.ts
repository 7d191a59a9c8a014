import { App, MessageRouter, t } from "skiffjs";

// The seed's `MsgHandlerFactory`, typed: a handler per `type`, each message validated by its schema.
const chat = new MessageRouter<{ user: string }>()
  .on("join", t.Object({ room: t.String({ minLength: 1 }) }), async (msg, ws, ctx) => {
    await ws.sendJson({ type: "joined", room: msg.room, user: ctx.user }); // msg.room: string
  })
  .on("say", t.Object({ room: t.String(), text: t.String({ maxLength: 500 }) }), async (msg, ws, ctx) => {
    await ws.sendJson({ type: "said", room: msg.room, user: ctx.user, text: msg.text });
  });

export const app = new App().websocket(
  "/chat",
  // `messages.in` documents every message type in /asyncapi.json and types the typed client's `send`.
  { query: { user: t.String() }, messages: { in: chat } },
  async (ws, { query }) => {
    await ws.accept();
    // An unknown type or an invalid message gets an error frame; the connection stays open.
    for await (const message of ws.iterJson()) await chat.dispatch(ws, message, { user: query.user });
  },
);
