import { App, HTTPException, t, type Infer } from "skiffjs";

// The fields every variant of a user shares, written once.
const UserBase = t.Object({
  username: t.String(),
  email: t.String({ format: "email" }),
  fullName: t.Optional(t.String()),
});

// FastAPI's subclasses of a base model: a new object schema holding the base's properties and its own.
const UserIn = t.Object({ ...UserBase.properties, password: t.String() }, { $id: "UserIn" });
const UserOut = t.Object(UserBase.properties, { $id: "UserOut" });
const UserInDB = t.Object({ ...UserBase.properties, hashedPassword: t.String() });
type UserInDB = Infer<typeof UserInDB>;

// Or derive one model from another: t.Omit, t.Pick, t.Partial.
const UserUpdate = t.Partial(t.Omit(UserIn, ["username"]), { $id: "UserUpdate" });

export const db = new Map<string, UserInDB>();

const fakePasswordHasher = (raw: string) => `supersecret${raw}`;

function fakeSaveUser({ password, ...user }: Infer<typeof UserIn>): UserInDB {
  const stored = { ...user, hashedPassword: fakePasswordHasher(password) }; // FastAPI's UserInDB(**user_in.dict(), …)
  db.set(stored.username, stored);
  return stored;
}

// Two kinds of item, told apart by `type`: a response may be either (FastAPI's Union[PlaneItem, CarItem]).
const CarItem = t.Object({ type: t.Literal("car"), description: t.String() }, { $id: "CarItem" });
const PlaneItem = t.Object({ type: t.Literal("plane"), description: t.String(), size: t.Integer() }, { $id: "PlaneItem" });

const items = {
  item1: { type: "car", description: "All my friends drive a low rider" },
  item2: { type: "plane", description: "Music is my aeroplane, it's my aeroplane", size: 5 },
} as const;

export const app = new App()
  // The handler returns a UserInDB; `response: UserOut` sends only UserOut's fields, so no password hash leaves.
  .post("/user", { body: UserIn, response: UserOut, status: 201 }, ({ body }) => fakeSaveUser(body))
  // Only the fields sent are changed: every field of UserUpdate is optional.
  .patch("/user/{username}", { body: UserUpdate, response: UserOut }, ({ path, body }) => {
    const user = db.get(path.username);
    if (!user) throw new HTTPException(404, "User not found");
    const { password, ...changes } = body;
    const updated = { ...user, ...changes, ...(password === undefined ? {} : { hashedPassword: fakePasswordHasher(password) }) };
    db.set(updated.username, updated);
    return updated;
  })
  .get("/items/{item_id}", { response: t.Union([PlaneItem, CarItem]) }, ({ path }) => {
    const item = items[path.item_id as keyof typeof items];
    if (!item) throw new HTTPException(404, "Item not found");
    return item;
  })
  // A list of models, and a dict of plain values: FastAPI's list[Item] and dict[str, float].
  .get("/items", { response: t.Array(t.Object({ name: t.String(), description: t.String() })) }, () => [
    { name: "Foo", description: "There comes my hero" },
    { name: "Red", description: "It's my aeroplane" },
  ])
  .get("/keyword-weights", { response: t.Record(t.String(), t.Number()) }, () => ({ foo: 2.3, bar: 3.4 }));
