import { App } from "skiffjs";

export const app = new App().get("/items/{item_id}", ({ path }) => ({ item_id: path.item_id }));
