import { App, APIRouter, Depends, HTTPException, t } from "skiffjs";

const verifyToken = Depends({ headers: { "x-token": t.String() } }, ({ headers }) => {
  if (headers["x-token"] !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});

const verifyKey = Depends({ headers: { "x-key": t.String() } }, ({ headers }) => {
  if (headers["x-key"] !== "fake-super-secret-key") throw new HTTPException(400, "X-Key header invalid");
  return headers["x-key"];
});

// FastAPI's `dependencies=[Depends(verify_token)]`: a list, run for their checks; their values are not used.
export const routeLevel = new App().get("/items", { deps: [verifyToken, verifyKey] }, () => [{ item: "Foo" }, { item: "Bar" }]);

// For every route of the app (or of a router): `new App({ deps })`, `new APIRouter({ deps })`.
const users = new APIRouter({ prefix: "/users" }).get("/", () => [{ username: "Rick" }, { username: "Morty" }]);
export const app = new App({ deps: [verifyToken, verifyKey] })
  .get("/items", () => [{ item: "Portal Gun" }, { item: "Plumbus" }])
  .includeRouter(users);
