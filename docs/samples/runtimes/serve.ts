// `node serve.ts`, `bun serve.ts` or `deno run -A serve.ts`: each runtime's own server.
import { bunWebSocket } from "skiffjs";
import { app } from "./main.ts";

declare const Bun: { serve(options: { port: number; fetch: typeof app.fetch; websocket: typeof bunWebSocket }): unknown } | undefined;
declare const Deno: { serve(options: { port: number }, handler: typeof app.fetch): unknown } | undefined;

const port = Number(process.env.PORT ?? 8000);
if (typeof Bun !== "undefined") Bun.serve({ port, fetch: app.fetch, websocket: bunWebSocket });
else if (typeof Deno !== "undefined") Deno.serve({ port }, app.fetch);
else await app.listen({ port });
