import type { HttpRouteDefinition } from "../routing/definitions.ts";
import type { ParsedTemplate } from "../routing/template.ts";
import type { SchemaComponents } from "./components.ts";
import { handlerDocComment } from "./doc-comment.ts";
import { compact, type JsonObject } from "./json.ts";
import { fastapiOperationId, handlerName, pathWords, snakeCase, titleCase, type UniqueNames } from "./naming.ts";
import { paramSources } from "./param-sources.ts";
import { operationParameters } from "./parameters.ts";
import { requestBody } from "./request-body.ts";
import { operationResponses } from "./responses.ts";
import type { SecurityCollector } from "./security.ts";

/** What every operation of one document shares. */
export interface OperationContext {
  components: SchemaComponents;
  security: SecurityCollector;
  operationIds: UniqueNames;
}

/** FastAPI documents a request body for these methods only. */
const METHODS_WITH_BODY = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]);

/** The Operation Object of one method of an HTTP route. */
export function buildOperation(definition: HttpRouteDefinition, template: ParsedTemplate, method: string, context: OperationContext): JsonObject {
  const { options } = definition;
  const { name, operationId } = operationNames(definition, template.openapiPath, method);
  const id = context.operationIds.claim(operationId);
  const sources = paramSources(definition);
  const security = context.security.requirements(definition);
  const parameters = operationParameters(template, sources, context.components);
  const body = METHODS_WITH_BODY.has(method) ? requestBody(sources, id, context.components) : undefined;
  return compact({
    tags: definition.tags.length > 0 ? [...definition.tags] : undefined,
    summary: options.summary ?? titleCase(name),
    description: options.description ?? handlerDocComment(definition.handler),
    operationId: id,
    deprecated: options.deprecated ? true : undefined,
    security: security.length > 0 ? security : undefined,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody: body,
    responses: operationResponses(options, parameters.length > 0 || body !== undefined, context.components),
  });
}

/**
 * The name the summary comes from and the operation id, FastAPI style: `read_item_items__item_id__get` from a
 * handler `readItem` (or the summary, when the handler is an anonymous arrow); `get_items_item_id` when neither
 * says anything. An explicit `operationId` is kept as given.
 */
function operationNames(definition: HttpRouteDefinition, openapiPath: string, method: string): { name: string; operationId: string } {
  const { options } = definition;
  const named = handlerName(definition.handler) ?? (options.summary ? snakeCase(options.summary) : undefined);
  const name = named ?? `${method.toLowerCase()}_${pathWords(openapiPath)}`;
  const generated = named ? fastapiOperationId(named, openapiPath, method) : name;
  return { name: handlerName(definition.handler) ?? name, operationId: options.operationId ?? generated };
}
