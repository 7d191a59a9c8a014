import { fileURLToPath } from "node:url";
import { App, staticFiles } from "skiffjs";

const publicDir = fileURLToPath(new URL("./public", import.meta.url));

// FastAPI's `app.mount("/static", StaticFiles(directory="public"))`.
export const app = new App().get("/api/hello", () => ({ hello: "world" }));
app.use(staticFiles("/static", publicDir));
