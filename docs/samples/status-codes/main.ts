import { App, t } from "skiffjs";

const tasks = new Map<string, string>();

export const app = new App()
  .post("/items", { body: t.Object({ name: t.String() }), status: 201 }, ({ body }) => ({ name: body.name }))
  .delete("/tasks/{id}", { status: 204 }, ({ path }) => {
    tasks.delete(path.id); // a 204 is sent without a body
  })
  // Chosen per request: `response.status` changes the default of this one response.
  .put("/tasks/{id}", { body: t.Object({ title: t.String() }) }, ({ path, body, response }) => {
    if (!tasks.has(path.id)) response.status = 201;
    tasks.set(path.id, body.title);
    return { id: path.id, title: body.title };
  });
