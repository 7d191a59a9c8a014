/** `array` schemas: lists (items, min/max items, unique items) and tuples (prefix items), with pydantic's errors. */
import { MESSAGES, itemsTooLong, itemsTooShort } from "../messages.ts";
import { INVALID, report, visit, type Node, type RunState } from "../run-state.ts";
import { anyNode } from "./primitive.ts";
import { isSchemaObject, type Compiler, type JsonSchema } from "./compiler.ts";

/** Handlers may return Sets (sent as arrays, like Python sets); request data never holds them. */
function asArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return undefined;
}

function tooLong(state: RunState, fieldType: string, max: number, input: unknown[]): typeof INVALID {
  return report(state, "too_long", itemsTooLong(fieldType, max, input.length), input, {
    field_type: fieldType,
    max_length: max,
    actual_length: input.length,
  });
}

function tooShort(state: RunState, fieldType: string, min: number, actual: number, input: unknown): typeof INVALID {
  return report(state, "too_short", itemsTooShort(fieldType, min, actual), input, { field_type: fieldType, min_length: min, actual_length: actual });
}

function hasDuplicates(items: unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    const key = typeof item === "object" && item !== null ? JSON.stringify(item) : item;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function listNode(schema: JsonSchema, compiler: Compiler): Node {
  const items = isSchemaObject(schema.items) ? compiler.node(schema.items) : anyNode;
  const min = typeof schema.minItems === "number" ? schema.minItems : undefined;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : undefined;
  // `t.Set()` documents uniqueItems but removes duplicates as pydantic's set does, rather than refusing them.
  const unique = schema.uniqueItems === true && schema["~set"] !== true;
  return (value, state) => {
    const input = asArray(value);
    if (input === undefined) return report(state, "list_type", MESSAGES.list_type, value);
    if (max !== undefined && input.length > max) return tooLong(state, "List", max, input);
    // Copied only once an item changes: an unchanged array is the answer itself (a Set's spread is already a copy).
    let out = input === value && Object.getPrototypeOf(input) !== Array.prototype ? new Array<unknown>(input.length) : undefined;
    let ok = true;
    for (let i = 0; i < input.length; i++) {
      const item = input[i];
      const result = visit(items, item, i, state);
      if (result === INVALID) ok = false;
      else if (out !== undefined) out[i] = result;
      else if (result !== item) {
        out = input.slice(0, i);
        out[i] = result;
      }
    }
    if (!ok) return INVALID;
    const list = out ?? input;
    if (min !== undefined && list.length < min) return tooShort(state, "List", min, list.length, value);
    if (unique && hasDuplicates(list)) return report(state, "unique_items", "List should have unique items", value);
    return list;
  };
}

function tupleNode(prefixSchemas: unknown[], restSchema: unknown, compiler: Compiler, max: number | undefined): Node {
  const prefix = prefixSchemas.map((s) => compiler.node(s));
  const rest = restSchema === false ? undefined : isSchemaObject(restSchema) ? compiler.node(restSchema) : anyNode;
  const limit = rest === undefined ? prefix.length : max;
  return (value, state) => {
    const input = asArray(value);
    if (input === undefined) return report(state, "tuple_type", MESSAGES.tuple_type, value);
    if (limit !== undefined && input.length > limit) return tooLong(state, "Tuple", limit, input);
    const out = new Array<unknown>(Math.max(input.length, prefix.length));
    let ok = true;
    for (let i = 0; i < prefix.length; i++) {
      if (i >= input.length) {
        state.path.push(i);
        report(state, "missing", MESSAGES.missing, value);
        state.path.pop();
        ok = false;
        continue;
      }
      const result = visit(prefix[i]!, input[i], i, state);
      if (result === INVALID) ok = false;
      else out[i] = result;
    }
    for (let i = prefix.length; i < input.length; i++) {
      const result = visit(rest!, input[i], i, state);
      if (result === INVALID) ok = false;
      else out[i] = result;
    }
    return ok ? out : INVALID;
  };
}

export function arrayNode(schema: JsonSchema, compiler: Compiler): Node {
  const max = typeof schema.maxItems === "number" ? schema.maxItems : undefined;
  if (Array.isArray(schema.items)) return tupleNode(schema.items, schema.additionalItems, compiler, max);
  if (Array.isArray(schema.prefixItems)) return tupleNode(schema.prefixItems, schema.items ?? true, compiler, max);
  return listNode(schema, compiler);
}
