/**
 * `anyOf` / `oneOf` as pydantic's smart unions: a strict pass (exact types only) picks `"5"` as a string for
 * `string | integer`; then a lax pass with coercion; if all fail, every member's errors are reported under the
 * member's tag. Unions of literals collapse into one literal check and `X | null` into a nullable `X`, as pydantic
 * builds `Literal[...]` and `Optional[X]`.
 */
import { INVALID, type Node, type RunState } from "../run-state.ts";
import { literalNode } from "./literal.ts";
import { isSchemaObject, type Compiler, type JsonSchema } from "./compiler.ts";
import { unionTag } from "./union-tag.ts";

function isNullSchema(schema: unknown): boolean {
  return isSchemaObject(schema) && schema.type === "null" && !("const" in schema);
}

/** Nested unions flatten, as pydantic flattens `Union[A, Union[B, C]]`. */
function flatten(members: unknown[]): unknown[] {
  return members.flatMap((m) => {
    if (!isSchemaObject(m)) return [m];
    const keys = Object.keys(m).filter((k) => k !== "description" && k !== "title");
    const inner = m.anyOf ?? m.oneOf;
    return Array.isArray(inner) && keys.length === 1 ? flatten(inner) : [m];
  });
}

function nullable(inner: Node): Node {
  return (value, state) => (value === null ? null : inner(value, state));
}

function attempt(member: Node, value: unknown, state: RunState): unknown {
  const saved = state.issues;
  state.issues = [];
  const out = member(value, state);
  const failed = out === INVALID || state.issues.length > 0;
  state.issues = saved;
  return failed ? INVALID : out;
}

function smartUnion(members: Node[], tags: string[]): Node {
  return (value, state) => {
    if (!state.strict) {
      state.strict = true;
      for (const member of members) {
        const out = attempt(member, value, state);
        if (out !== INVALID) {
          state.strict = false;
          return out;
        }
      }
      state.strict = false;
    }
    const saved = state.issues;
    const collected: typeof saved = [];
    for (let i = 0; i < members.length; i++) {
      state.issues = [];
      state.path.push(tags[i]!);
      const out = members[i]!(value, state);
      state.path.pop();
      if (out !== INVALID && state.issues.length === 0) {
        state.issues = saved;
        return out;
      }
      collected.push(...state.issues);
    }
    state.issues = saved;
    saved.push(...collected);
    return INVALID;
  };
}

export function unionNode(schema: JsonSchema, compiler: Compiler): Node {
  const all = flatten((schema.anyOf ?? schema.oneOf) as unknown[]);
  const members = all.filter((m) => !isNullSchema(m));
  const allowsNull = members.length < all.length;
  if (members.length === 0) return compiler.node({ type: "null" });
  let node: Node;
  if (members.every((m) => isSchemaObject(m) && "const" in m))
    node = literalNode(
      members.map((m) => (m as JsonSchema).const),
      "literal_error",
    );
  else if (members.length === 1) node = compiler.node(members[0]);
  else
    node = smartUnion(
      members.map((m) => compiler.node(m)),
      members.map(unionTag),
    );
  return allowsNull ? nullable(node) : node;
}
