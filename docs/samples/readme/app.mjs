// app.mjs: plain JavaScript, served without the CLI: `node app.mjs`
import { App, t } from "skiffjs";

const app = new App().get("/hello/{name}", { query: { excited: t.Boolean({ default: false }) } }, ({ path, query }) => ({
  message: `Hello, ${path.name}${query.excited ? "!" : "."}`,
}));

const server = await app.listen({ port: Number(process.env.PORT ?? 8000) }); // resolves once the port is open
console.log(`listening on ${server.url}`);
process.once("SIGTERM", () => server.close()); // drains: in-flight requests finish, then the process exits
