import { App, t } from "skiffjs";

export const app = new App()
  .get("/items", { cookies: { ads_id: t.Optional(t.String()) } }, ({ cookies }) => ({ ads_id: cookies.ads_id }))
  .get(
    "/headers",
    {
      headers: {
        "user-agent": t.Optional(t.String()), // header names are written as sent, lower-case
        "x-token": t.Array(t.String(), { default: [] }), // a repeated header fills an array
      },
    },
    ({ headers }) => ({ "User-Agent": headers["user-agent"], "X-Token values": headers["x-token"] }),
  )
  // FastAPI's spelling works too: `user_agent` reads the `user-agent` header, and the docs name it so.
  .get("/agent", { headers: { user_agent: t.String() } }, ({ headers }) => ({ "User-Agent": headers.user_agent }))
  // Without a schema: request.headers and request.cookies read anything, untyped and undocumented.
  .get("/raw", ({ request }) => ({ accept: request.headers.get("accept") }));
