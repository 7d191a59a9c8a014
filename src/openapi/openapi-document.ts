import type { App } from "../app.ts";
import type { HttpRouteDefinition } from "../routing/definitions.ts";
import { parseTemplate } from "../routing/template.ts";
import { SchemaComponents } from "./components.ts";
import { compact, type JsonObject } from "./json.ts";
import { UniqueNames } from "./naming.ts";
import { buildOperation, type OperationContext } from "./operation.ts";
import { downgradeTo30 } from "./openapi-30.ts";
import { documentServers } from "./servers.ts";
import { SecurityCollector } from "./security.ts";
import { HTTP_VALIDATION_ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA } from "./validation-error.ts";

/** The OpenAPI versions Skiff writes: 3.1.0 (FastAPI's) and 3.0.3 for client generators that predate 3.1. */
export type OpenAPIVersion = "3.1.0" | "3.0.3";

/** Reads the document version from the app's settings (`new App({ openapiVersion: "3.0.3" })`). */
export function openapiVersionOf(app: App<any, any>): OpenAPIVersion {
  const version = (app.settings as { openapiVersion?: string }).openapiVersion ?? "3.1.0";
  if (version !== "3.1.0" && version !== "3.0.3") {
    throw new Error(`openapiVersion "${version}" is not supported: use "3.1.0" (the default) or "3.0.3".`);
  }
  return version;
}

/**
 * The OpenAPI document of an app's HTTP routes, in FastAPI's shape: a pure function of the route table and the
 * app's settings. Routes with `includeInSchema: false` and WebSocket routes (see the AsyncAPI document) are left out.
 */
export function buildOpenAPIDocument(app: App<any, any>): JsonObject {
  const context: OperationContext = {
    components: new SchemaComponents(),
    security: new SecurityCollector(),
    operationIds: new UniqueNames(),
  };
  const paths: Record<string, JsonObject> = {};
  let validates = false;
  for (const definition of app.routes) {
    if (definition.kind !== "http" || definition.options.includeInSchema === false) continue;
    const template = parseTemplate(definition.path);
    const item = (paths[template.openapiPath] ??= {});
    for (const method of definition.methods) {
      const key = method.toLowerCase();
      if (key in item) continue;
      const operation = buildOperation(definition as HttpRouteDefinition, template, method, context);
      validates ||= answersValidationError(operation);
      item[key] = operation;
    }
  }
  context.components.assertResolved();
  const schemas = { ...context.components.schemas };
  if (validates) {
    schemas.HTTPValidationError = structuredClone(HTTP_VALIDATION_ERROR_SCHEMA);
    schemas.ValidationError = structuredClone(VALIDATION_ERROR_SCHEMA);
  }
  const components = compact({
    schemas: Object.keys(schemas).length > 0 ? sortKeys(schemas) : undefined,
    securitySchemes: Object.keys(context.security.schemes).length > 0 ? context.security.schemes : undefined,
  });
  const servers = documentServers(app);
  const version = openapiVersionOf(app);
  const document = compact({
    openapi: version,
    info: compact({ title: app.title, description: app.settings.description, version: app.version }),
    servers: servers.length > 0 ? servers : undefined,
    paths,
    components: Object.keys(components).length > 0 ? components : undefined,
  });
  return version === "3.0.3" ? downgradeTo30(document) : document;
}

function answersValidationError(operation: JsonObject): boolean {
  const response = (operation.responses as Record<string, { content?: Record<string, { schema?: JsonObject }> }>)["422"];
  return response?.content?.["application/json"]?.schema?.$ref === "#/components/schemas/HTTPValidationError";
}

/** Components in name order, as pydantic emits them: stable diffs whatever the route order. */
function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
