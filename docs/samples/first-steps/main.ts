import { App } from "skiffjs";

export const app = new App().get("/", () => ({ message: "Hello World" }));
