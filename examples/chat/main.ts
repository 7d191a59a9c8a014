// The reference chat service.  npm start  (= skiff run examples/chat/main.ts:app); see docs/reference-chat.md.
import { createApp } from "./app.ts";
import { loadConfig } from "./config.ts";

export const config = loadConfig(process.env);
export const app = createApp(config);
export type AppType = typeof app;
