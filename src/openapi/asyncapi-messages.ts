import type { AnySchema } from "../params/schema.ts";
import { MessageRouter } from "../websocket/message-router.ts";
import { componentName, type SchemaComponents } from "./components.ts";
import type { JsonObject } from "./json.ts";
import { titleCase, UniqueNames } from "./naming.ts";

/** A channel's messages, and which of them each direction carries (keys into `messages`). */
export interface ChannelMessages {
  messages: Record<string, JsonObject>;
  /** Client → server: the messages the app receives. */
  incoming: string[];
  /** Server → client: the messages the app sends. */
  outgoing: string[];
}

type MessageSpec = AnySchema | MessageRouter<any, any>;

/**
 * The Message Objects of a WebSocket route: one per `messages.in`/`messages.out` schema, or one per `type` when a
 * `MessageRouter` handles the direction. A schema used both ways is one message referenced by both operations.
 */
export function channelMessages(spec: { in?: MessageSpec; out?: MessageSpec } | undefined, components: SchemaComponents): ChannelMessages {
  const result: ChannelMessages = { messages: {}, incoming: [], outgoing: [] };
  const keys = new UniqueNames();
  const known = new Map<unknown, string>();
  const add = (source: unknown, name: string, payload: AnySchema | JsonObject, title: string): string => {
    const existing = known.get(source);
    if (existing) return existing;
    const key = keys.claim(componentName(name));
    result.messages[key] = { name, title, payload: components.use(payload) };
    known.set(source, key);
    return key;
  };
  const shared = spec?.in !== undefined && spec.in === spec.out;
  for (const [direction, list] of [
    ["in", result.incoming],
    ["out", result.outgoing],
  ] as const) {
    const value = spec?.[direction];
    if (value === undefined) continue;
    if (value instanceof MessageRouter) {
      for (const { type, schema, messageSchema } of value.messages()) {
        list.push(add(schema, type, declaresType(schema) ? schema : withoutId(messageSchema), titleCase(type)));
      }
    } else {
      const { name, title } = plainMessageNames(value, direction, shared);
      list.push(add(value, name, value, title));
    }
  }
  return result;
}

/** A plain schema's message is named after its `$id`, else after its direction ("message" when used both ways). */
function plainMessageNames(schema: AnySchema, direction: "in" | "out", shared: boolean): { name: string; title: string } {
  const { $id, title } = schema as { $id?: unknown; title?: unknown };
  const name = typeof $id === "string" ? componentName($id) : shared ? "message" : direction === "in" ? "clientMessage" : "serverMessage";
  return { name, title: typeof title === "string" ? title : typeof $id === "string" ? name : titleCase(name) };
}

/** The router documents a handler's schema with `type` added; that variant must not claim the schema's `$id`. */
function declaresType(schema: unknown): boolean {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  return Boolean(properties && "type" in properties);
}

function withoutId(schema: Record<string, unknown>): JsonObject {
  const { $id: _id, ...rest } = schema;
  return rest;
}
