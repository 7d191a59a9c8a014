/**
 * API documents and their pages: `/openapi.json` (OpenAPI 3.1, or 3.0.3 on request), `/asyncapi.json` (AsyncAPI 3.0
 * for the WebSocket routes), Swagger UI at `/docs` and ReDoc at `/redoc`, served from the installed packages.
 */
import type { App } from "../app.ts";
import { buildAsyncAPIDocument } from "./asyncapi-document.ts";
import { buildOpenAPIDocument } from "./openapi-document.ts";

export { installDocs } from "./install-docs.ts";
export type { OpenAPIVersion } from "./openapi-document.ts";

/**
 * The OpenAPI document of an app (FastAPI's shape). The app caches it: use `app.openapi()`.
 * @example
 * const app = new App({ title: "Shop" }).get("/items/{item_id:int}", ({ path }) => path);
 * app.openapi().paths["/items/{item_id}"].get.operationId; // "get_items_item_id"
 */
export function generateOpenAPI(app: App<any, any>): Record<string, unknown> {
  return buildOpenAPIDocument(app);
}

/**
 * The AsyncAPI 3.0 document of an app's WebSocket routes. The app caches it: use `app.asyncapi()`.
 * @example
 * const app = new App().websocket("/ws/chat", { messages: { in: ChatIn, out: ChatOut } }, handler);
 * Object.keys(app.asyncapi().operations); // ["receive_ws_chat", "send_ws_chat"]
 */
export function generateAsyncAPI(app: App<any, any>): Record<string, unknown> {
  return buildAsyncAPIDocument(app);
}
