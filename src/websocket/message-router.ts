import type { ValidationIssue, Validator } from "../params/issues.ts";
import { toJsonSchema } from "../params/json-schema.ts";
import type { AnySchema, Infer } from "../params/schema.ts";
import { compileValidator } from "../params/validator.ts";
import type { WebSocket } from "./websocket.ts";

/** Turns a message schema into a validator; its issues' `loc` may start with `"message"` or `"body"`. */
export type CompileMessageValidator = (schema: AnySchema) => Validator;

const compileMessageValidator: CompileMessageValidator = (schema) => compileValidator(schema, ["message"]);

/** One message type a router handles, for documentation (AsyncAPI: one message per type). */
export interface MessageDescription {
  /** The value of the message's `type` field. */
  type: string;
  /** The schema given to `.on()` (TypeBox or Standard Schema). */
  schema: AnySchema;
  /** The whole message as JSON Schema: the schema with `type` required and fixed to this value. */
  messageSchema: Record<string, unknown>;
}

/** The message a handler receives: `type` plus the fields of its schema. */
export type MessageOf<T extends string, S extends AnySchema> = { type: T } & Omit<Infer<S>, "type">;

/** A message handler; `ctx` is whatever the caller passes to `dispatch`. */
export type MessageHandler<M, Ctx> = (message: M, ws: WebSocket<any, any>, ctx: Ctx) => unknown;

/** The frame sent back for an unknown `type` or an invalid message: FastAPI's 422 body with `type: "error"`. */
export interface MessageErrorFrame {
  type: "error";
  detail: ValidationIssue[];
}

interface Route {
  schema: AnySchema;
  jsonSchema: Record<string, unknown>;
  validate: Validator;
  /** Whether the schema itself declares `type`; if not, `type` is checked here and the rest validated. */
  declaresType: boolean;
  handler: MessageHandler<any, any>;
}

/**
 * Chooses a handler by a JSON message's `type` field and validates the message against that handler's schema
 * (the seed's `MsgHandlerFactory`, typed). An unknown `type` or an invalid message is answered with an error frame
 * `{ "type": "error", "detail": [...] }` — the issues of a FastAPI 422 with `loc` starting at `"message"` — and the
 * connection stays open.
 * @example
 * const chat = new MessageRouter<{ user: string }>()
 *   .on("join", t.Object({ room: t.String() }), async (msg, ws, ctx) => ws.sendJson({ joined: msg.room, by: ctx.user }))
 *   .on("say", t.Object({ text: t.String() }), async (msg, ws) => ws.sendJson({ said: msg.text }));
 * for await (const msg of ws.iterJson()) await chat.dispatch(ws, msg, { user });
 */
export class MessageRouter<Ctx = undefined, Messages extends { type: string } = never> {
  /** Only for type inference: the union of the messages this router accepts. */
  declare readonly Messages: Messages;
  private readonly routes = new Map<string, Route>();
  private readonly compile: CompileMessageValidator;

  constructor(options: { compile?: CompileMessageValidator } = {}) {
    this.compile = options.compile ?? compileMessageValidator;
  }

  /**
   * Handle messages whose `type` is `type`, validated by `schema`: a TypeBox schema or a Standard Schema (Zod,
   * Valibot…). The schema may declare `type` itself; if it does not, the other fields are validated and `type` is
   * added back.
   */
  on<const T extends string, S extends AnySchema>(
    type: T,
    schema: S,
    handler: MessageHandler<MessageOf<T, S>, Ctx>,
  ): MessageRouter<Ctx, Messages | MessageOf<T, S>> {
    if (typeof type !== "string" || type.length === 0)
      throw new TypeError(`MessageRouter.on(): type must be a non-empty string, got ${JSON.stringify(type)}`);
    if (this.routes.has(type)) throw new Error(`MessageRouter.on(): a handler for type ${JSON.stringify(type)} is already registered`);
    if (typeof handler !== "function") throw new TypeError(`MessageRouter.on(${JSON.stringify(type)}): the handler must be a function`);
    const jsonSchema = toJsonSchema(schema) as Record<string, unknown>;
    const declaresType = Boolean((jsonSchema.properties as Record<string, unknown> | undefined)?.type);
    this.routes.set(type, { schema, jsonSchema, validate: this.compile(schema), declaresType, handler });
    return this as unknown as MessageRouter<Ctx, Messages | MessageOf<T, S>>;
  }

  /**
   * Run the handler for `message` (a parsed JSON value). Resolves `true` when a handler ran, `false` when an error
   * frame was sent instead. A handler's own error propagates.
   */
  async dispatch(ws: WebSocket<any, any>, message: unknown, ...[ctx]: undefined extends Ctx ? [ctx?: Ctx] : [ctx: Ctx]): Promise<boolean> {
    const tagged = this.route(message);
    if (!tagged.ok) return this.reject(ws, tagged.issues);
    const { route, record, type } = tagged;
    let input: unknown = record;
    if (!route.declaresType) {
      const { type: _ignored, ...rest } = record;
      input = rest;
    }
    const result = route.validate(input);
    if (!result.ok) return this.reject(ws, result.issues.map(toMessageIssue));
    const value = route.declaresType ? result.value : { type, ...(result.value as object) };
    await route.handler(value, ws, ctx as Ctx);
    return true;
  }

  /** The message types handled, in registration order, with their schemas. */
  messages(): MessageDescription[] {
    return [...this.routes].map(([type, route]) => ({ type, schema: route.schema, messageSchema: messageSchema(type, route) }));
  }

  private route(
    message: unknown,
  ): { ok: true; route: Route; record: Record<string, unknown>; type: string } | { ok: false; issues: ValidationIssue[] } {
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      return fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", message);
    }
    const record = message as Record<string, unknown>;
    const type = record.type;
    if (type === undefined) {
      return fail("union_tag_not_found", "Unable to extract tag using discriminator 'type'", message, { discriminator: "'type'" });
    }
    const route = typeof type === "string" ? this.routes.get(type) : undefined;
    if (!route) {
      const expected = [...this.routes.keys()].map((key) => `'${key}'`).join(", ");
      return fail(
        "union_tag_invalid",
        `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${expected}`,
        message,
        { discriminator: "'type'", tag: String(type), expected_tags: expected },
      );
    }
    return { ok: true, route, record, type: type as string };
  }

  private async reject(ws: WebSocket<any, any>, issues: ValidationIssue[]): Promise<false> {
    const frame: MessageErrorFrame = { type: "error", detail: issues };
    await ws.sendJson(frame);
    return false;
  }
}

function fail(type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): { ok: false; issues: ValidationIssue[] } {
  return { ok: false, issues: [{ type, loc: ["message"], msg, input, ...(ctx ? { ctx } : {}) }] };
}

/** A validator's issue with its location ("body") replaced by "message". */
function toMessageIssue(issue: ValidationIssue): ValidationIssue {
  const [first, ...rest] = issue.loc;
  return { ...issue, loc: first === "body" || first === "message" ? ["message", ...rest] : ["message", ...issue.loc] };
}

function messageSchema(type: string, route: Route): Record<string, unknown> {
  const schema = route.jsonSchema;
  if (route.declaresType) return { ...schema };
  const typeProperty = { type: "string", const: type };
  if (schema.type === "object") {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    return {
      ...schema,
      properties: { type: typeProperty, ...(schema.properties as object | undefined) },
      required: ["type", ...required],
    };
  }
  return { allOf: [{ type: "object", properties: { type: typeProperty }, required: ["type"] }, schema] };
}
