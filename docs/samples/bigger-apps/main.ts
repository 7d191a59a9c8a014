// main.ts: the app assembles the routers.
import { App, APIRouter, Depends, t } from "skiffjs";
import { items } from "./items.ts";
import { users } from "./users.ts";

const admin = new APIRouter().post("/", () => ({ message: "Admin getting schwifty" }));
const queryToken = Depends({ query: { token: t.String() } }, ({ query }) => query.token);

export const app = new App()
  .includeRouter(users)
  .includeRouter(items)
  // Prefix, tags and deps can also be given where a router is included (a router shared by several apps).
  .includeRouter(admin, { prefix: "/admin", tags: ["admin"], deps: [queryToken] })
  .get("/", () => ({ message: "Hello Bigger Applications!" }));
