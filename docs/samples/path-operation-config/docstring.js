// Plain JavaScript: a doc comment opening the handler's body is the operation's description (FastAPI's docstring).
import { App } from "skiffjs";

export const app = new App().get("/items", function readItems() {
  /**
   * List every item.
   *
   * Supports **Markdown**, as the description option does.
   */
  return [{ name: "Foo" }];
});
