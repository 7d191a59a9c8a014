// Runs the chat on HOST:PORT from the environment, for platforms that set PORT:
//   node --import tsx examples/chat/serve.ts       (`npm start` is `skiff run`, which takes --host/--port instead)
import { app, config } from "./main.ts";

const server = await app.listen({ host: config.host, port: config.port });
app.logger.info(`chat listening on ${server.url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
