import { App } from "skiffjs";

export const app = new App()
  .get("/users/{user_id}", ({ path }) => ({ user_id: path.user_id }))
  // Registered second, still wins for /users/me: a static segment beats a parameter.
  .get("/users/me", () => ({ user_id: "the current user" }));
