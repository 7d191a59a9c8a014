// The seed's main.py, in Skiff. Run it with: npx skiff run examples/hello/main.ts:app --reload
import { App } from "skiffjs";

export const app = new App()
  .get("/", () => ({ Hello: "World" }))
  .get("/print", ({ request }) => {
    request.app.logger.info("Hello");
    return new Set(["Hello"]); // a Set is sent as a JSON array, like FastAPI's set → list
  })
  .get("/{name}", ({ path }) => ({ name: path.name }));
