import { App, t } from "skiffjs";

const UserIn = t.Object({ username: t.String(), password: t.String(), email: t.String({ format: "email" }) });
const UserOut = t.Object({ username: t.String(), email: t.String() }, { $id: "UserOut" });

export const app = new App()
  // `response` filters what is sent: the password never leaves, even though the handler returns it.
  .post("/user", { body: UserIn, response: UserOut, status: 201 }, ({ body }) => body)
  .get(
    "/items/{name}",
    {
      response: t.Object({ name: t.String(), price: t.Number(), tax: t.Number({ default: 10.5 }) }),
    },
    ({ path }) => (path.name === "foo" ? { name: "Foo", price: 50.2 } : { name: path.name, price: 62, tax: 20.2 }),
  );
