import { App, HTMLResponse } from "skiffjs";

export const app = new App()
  // `response` adjusts the response built from the returned value.
  .get("/login", ({ response }) => {
    response.headers.set("x-cat-dog", "alone in the world");
    response.setCookie("session", "abc", { httpOnly: true, sameSite: "lax" });
    return { ok: true };
  })
  // Or return a Response object, which is sent as it is.
  .get("/page", () => new HTMLResponse("<h1>Hello</h1>", { headers: { "cache-control": "no-store" } }));
