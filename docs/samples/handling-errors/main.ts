import { App, HTTPException, JSONResponse, PlainTextResponse, RequestValidationError, t } from "skiffjs";

const items: Record<string, string> = { foo: "The Foo Wrestlers" };

class UnicornException extends Error {
  constructor(readonly unicorn: string) {
    super(`unicorn ${unicorn}`);
  }
}

export const app = new App()
  .get("/items/{item_id}", ({ path }) => {
    if (!(path.item_id in items)) throw new HTTPException(404, "Item not found", { "x-error": "There goes my error" });
    return { item: items[path.item_id] };
  })
  .get("/unicorns/{name}", ({ path }) => {
    if (path.name === "yolo") throw new UnicornException(path.name);
    return { unicorn_name: path.name };
  })
  .exceptionHandler(
    UnicornException,
    (_request, error) => new JSONResponse({ message: `Oops! ${error.unicorn} did something. There goes a rainbow...` }, { status: 418 }),
  );

/** The same app's validation errors as plain text, as FastAPI's `@app.exception_handler(RequestValidationError)`. */
export const plainErrors = new App()
  .get("/items/{item_id}", { path: { item_id: t.Integer() } }, ({ path }) => ({ item_id: path.item_id }))
  .exceptionHandler(
    RequestValidationError,
    (_request, error) => new PlainTextResponse(error.issues.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("\n"), { status: 400 }),
  );
