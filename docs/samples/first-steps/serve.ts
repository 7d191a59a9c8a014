// Serving without the CLI: `node --import tsx serve.ts` (or a compiled serve.js with plain `node`).
import { app } from "./main.ts";

const server = await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 8000) });
console.log(`listening on ${server.url}`);
process.once("SIGTERM", () => server.close());
