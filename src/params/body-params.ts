/**
 * Several body parameters, FastAPI's way: `Body({ item: Item, user: User, importance: t.Integer() })` reads one JSON
 * object keyed by the parameters' names (`{"item": {…}, "user": {…}, "importance": 5}`), with errors at
 * `["body", "item", "name"]`. A single parameter so wrapped is FastAPI's `Body(embed=True)`: `{"item": {…}}`.
 */
import type { TObject, TProperties } from "typebox";
import { t } from "./schema.ts";

const BODY_PARAMS = "~skiffBodyParams";

/**
 * The request body as named parameters. Unlike a plain `t.Object` body, a missing or empty body reports each
 * required parameter at `["body", name]` (FastAPI's answer), and OpenAPI documents it as `Body_<operationId>`.
 * @example
 * app.put("/items/{item_id}", { body: Body({ item: Item, user: User, importance: t.Integer() }) },
 *   ({ body }) => ({ ...body.item, owner: body.user.username, importance: body.importance }));
 */
export function Body<const P extends TProperties>(params: P): TObject<P> {
  const schema = t.Object(params);
  // Non-enumerable, as t.File's marker: invisible to JSON output and to TypeBox.
  Object.defineProperty(schema, BODY_PARAMS, { value: true, enumerable: false });
  return schema;
}

/**
 * The names of the parameters of a `Body({...})` schema a client must send (neither Optional nor defaulted), or
 * undefined for any other schema.
 */
export function bodyParams(schema: unknown): string[] | undefined {
  if (typeof schema !== "object" || schema === null || (schema as Record<string, unknown>)[BODY_PARAMS] !== true) return undefined;
  const { required, properties } = schema as { required?: string[]; properties?: Record<string, object> };
  return (required ?? []).filter((name) => !(properties?.[name] && "default" in properties[name]));
}
