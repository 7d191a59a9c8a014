/**
 * The runtime contract of compiled schema nodes. A node is built once per schema at registration; per request it
 * takes a value and returns the validated (possibly coerced, defaulted, filtered) copy, or INVALID after pushing
 * its issues. The path is one shared stack pushed and popped while descending, so nothing is allocated for a
 * location unless an issue is reported.
 */
import type { ValidationIssue, ValidationResult } from "./issues.ts";

export const INVALID: unique symbol = Symbol("skiff.invalid");

export type PathSegment = string | number;

export interface RunState {
  readonly prefix: readonly PathSegment[];
  readonly path: PathSegment[];
  issues: ValidationIssue[];
  /** True during a smart union's first pass, which accepts only exact types (pydantic's strict mode). */
  strict: boolean;
}

export type Node = (value: unknown, state: RunState) => unknown;

export function newRunState(prefix: readonly PathSegment[]): RunState {
  return { prefix, path: [], issues: [], strict: false };
}

/** Records an issue at the current path and returns INVALID, so nodes can `return report(...)`. */
export function report(state: RunState, type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): typeof INVALID {
  const loc = state.path.length === 0 ? state.prefix.slice() : state.prefix.concat(state.path);
  state.issues.push(ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx });
  return INVALID;
}

/** Runs `node` on one child value with `segment` pushed on the path. */
export function visit(node: Node, value: unknown, segment: PathSegment, state: RunState): unknown {
  state.path.push(segment);
  const out = node(value, state);
  state.path.pop();
  return out;
}

/** Sets a property on a fresh output object without ever reaching a prototype setter. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A factory for a schema's default: a fresh deep copy per use, as pydantic copies mutable defaults. */
export function defaultFactory(value: unknown): () => unknown {
  if (value === null || typeof value !== "object") return () => value;
  try {
    structuredClone(value);
  } catch {
    // Not cloneable (functions, class instances with private state): shared as given, as it cannot be copied.
    return () => value;
  }
  return () => structuredClone(value);
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * A source of run states for one compiled validator: the state of a run that reported nothing is clean (empty path
 * and issues) and is handed to the next run instead of allocating three objects. A run that starts while another
 * holds the spare (a refinement validating with the same validator) simply gets a fresh one.
 */
export class RunStates {
  private spare: RunState | undefined;
  constructor(private readonly prefix: readonly PathSegment[]) {}

  take(): RunState {
    const state = this.spare;
    if (state === undefined) return newRunState(this.prefix);
    this.spare = undefined;
    return state;
  }

  /** Gives back a state whose run is over; kept only if it is clean. */
  give(state: RunState): void {
    if (state.issues.length === 0 && state.path.length === 0) {
      state.strict = false;
      this.spare = state;
    }
  }
}

/** Runs a compiled node on a whole value. Data nested deeper than the stack allows (recursive schemas) fails as a 422. */
export function runNode(node: Node, value: unknown, prefix: readonly PathSegment[], states?: RunStates): ValidationResult<unknown> {
  const state = states ? states.take() : newRunState(prefix);
  let out: unknown;
  try {
    out = node(value, state);
  } catch (error) {
    // The state is not given back: it may hold a half-walked path.
    if (!isStackOverflow(error)) throw error;
    return { ok: false, issues: [{ type: "recursion_loop", loc: prefix.slice(), msg: "Recursion error - cyclic reference detected", input: null }] };
  }
  if (out === INVALID || state.issues.length > 0) return { ok: false, issues: state.issues };
  states?.give(state);
  return { ok: true, value: out };
}
