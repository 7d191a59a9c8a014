// routers/users.ts in FastAPI's layout: a router per area of the API.
import { APIRouter } from "skiffjs";

export const users = new APIRouter({ prefix: "/users", tags: ["users"] })
  .get("/", () => [{ username: "Rick" }, { username: "Morty" }])
  .get("/me", () => ({ username: "fakecurrentuser" }))
  .get("/{username}", ({ path }) => ({ username: path.username }));
