import type { App } from "../app.ts";
import type { WebSocketRouteDefinition } from "../routing/definitions.ts";
import { parseTemplate, type ParsedTemplate } from "../routing/template.ts";
import { channelMessages } from "./asyncapi-messages.ts";
import { SchemaComponents } from "./components.ts";
import { compact, type JsonObject } from "./json.ts";
import { handlerName, pathWords, titleCase, UniqueNames } from "./naming.ts";
import { paramSources, type ParamSource } from "./param-sources.ts";
import { locationSchema } from "./parameters.ts";
import { plainJsonSchema } from "./schema-source.ts";

/**
 * The AsyncAPI 3.0 document of an app's WebSocket routes: one channel per route (address = the OpenAPI form of its
 * path), its query and headers as the `ws` channel binding, and two operations written from the server's side —
 * `receive` for `messages.in` (what clients send) and `send` for `messages.out` (what the server sends).
 */
export function buildAsyncAPIDocument(app: App<any, any>): JsonObject {
  const components = new SchemaComponents();
  const channelIds = new UniqueNames();
  const channels: Record<string, JsonObject> = {};
  const operations: Record<string, JsonObject> = {};
  for (const definition of app.routes) {
    if (definition.kind !== "ws" || definition.options.includeInSchema === false) continue;
    const template = parseTemplate(definition.path);
    const id = channelIds.claim(pathWords(template.openapiPath));
    const { channel, channelOperations } = buildChannel(definition, template, id, components);
    channels[id] = channel;
    Object.assign(operations, channelOperations);
  }
  components.assertResolved();
  const servers = asyncapiServers(app);
  return compact({
    asyncapi: "3.0.0",
    info: compact({ title: app.title, version: app.version, description: app.settings.description }),
    servers: Object.keys(servers).length > 0 ? servers : undefined,
    defaultContentType: "application/json",
    channels,
    operations,
    components: Object.keys(components.schemas).length > 0 ? { schemas: components.schemas } : undefined,
  });
}

function buildChannel(definition: WebSocketRouteDefinition, template: ParsedTemplate, id: string, components: SchemaComponents) {
  const { options } = definition;
  const sources = paramSources(definition);
  const { messages, incoming, outgoing } = channelMessages(options.messages, components);
  const tags = definition.tags.length > 0 ? definition.tags.map((name) => ({ name })) : undefined;
  const name = handlerName(definition.handler);
  const channel = compact({
    address: template.openapiPath,
    title: name ? titleCase(name) : undefined,
    summary: options.summary,
    description: options.description,
    parameters: template.params.length > 0 ? channelParameters(template, sources) : undefined,
    messages,
    bindings: {
      ws: compact({
        method: "GET",
        query: locationSchema(sources, "query", components),
        headers: locationSchema(sources, "headers", components),
        bindingVersion: "0.1.0",
      }),
    },
    tags,
  });
  const channelOperations: Record<string, JsonObject> = {};
  const operation = (action: "receive" | "send", keys: string[], summary: string) =>
    compact({
      action,
      channel: { $ref: `#/channels/${id}` },
      summary,
      messages: keys.map((key) => ({ $ref: `#/channels/${id}/messages/${key}` })),
      tags,
    });
  if (incoming.length > 0) channelOperations[`receive_${id}`] = operation("receive", incoming, "Messages the client sends");
  if (outgoing.length > 0) channelOperations[`send_${id}`] = operation("send", outgoing, "Messages the server sends");
  return { channel, channelOperations };
}

/** AsyncAPI parameters carry no schema: a declared schema's description, enum, default and examples are kept. */
function channelParameters(template: ParsedTemplate, sources: readonly ParamSource[]): JsonObject {
  const parameters: JsonObject = {};
  for (const { name } of template.params) {
    const declared = sources.map((source) => source.path?.[name]).find((schema) => schema !== undefined);
    const schema = declared ? plainJsonSchema(declared) : {};
    parameters[name] = compact({
      description: typeof schema.description === "string" ? schema.description : undefined,
      enum: Array.isArray(schema.enum) ? schema.enum.map(String) : undefined,
      default: schema.default !== undefined ? String(schema.default) : undefined,
      examples: Array.isArray(schema.examples) ? schema.examples.map(String) : undefined,
    });
  }
  return parameters;
}

/** The app's absolute `servers` as AsyncAPI servers (`https://h/p` → `wss`, host `h`, pathname `/p`). */
function asyncapiServers(app: App<any, any>): Record<string, JsonObject> {
  const servers: Record<string, JsonObject> = {};
  const names = new UniqueNames();
  for (const server of app.settings.servers ?? []) {
    let url: URL;
    try {
      url = new URL(server.url);
    } catch {
      continue; // a relative URL names no host
    }
    const secure = url.protocol === "https:" || url.protocol === "wss:";
    const pathname = url.pathname.replace(/\/+$/, "");
    servers[names.claim(url.hostname.replace(/[^A-Za-z0-9_-]/g, "_"))] = compact({
      host: url.host,
      protocol: secure ? "wss" : "ws",
      pathname: pathname || undefined,
      description: server.description,
    });
  }
  return servers;
}
