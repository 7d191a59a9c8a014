/**
 * FastAPI's extra data types as `t` builders, decoded into values a handler can compute with and encoded back the
 * way FastAPI's JSON encoder writes them: `t.DateTime()` (a `Date` that remembers the offset it was given),
 * `t.Date()`, `t.Time()`, `t.Duration()` (seconds, from ISO 8601 durations or numbers), `t.Set(items)` (duplicates
 * removed), `t.Decimal()` (the exact digits, as a string) and `t.Bytes()` (a Buffer).
 */
import type TypeBox from "typebox";
import type { TArray, TCodec, TNumber, TSchema, TString, TUnion } from "typebox";

/** A value the codec refuses, reported with pydantic's error type (not the generic `value_error`). */
export class SchemaIssue extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A datetime as it was sent: `toJSON` writes it back with the same UTC offset (`2018-12-22T14:00:00+00:00`), as
 * Python's `isoformat` does; arithmetic (`getTime()`) works as on any `Date`.
 */
export class OffsetDateTime extends Date {
  /** Minutes east of UTC the value was given in, or undefined for a naive datetime (read as UTC). */
  readonly offsetMinutes: number | undefined;

  constructor(time: number, offsetMinutes: number | undefined) {
    super(time);
    this.offsetMinutes = offsetMinutes;
  }

  override toJSON(): string {
    return formatDateTime(this, this.offsetMinutes);
  }
}

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|[zZ])$/;
const DURATION =
  /^([+-])?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
const DURATION_UNITS = [365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, "0");
}

/** ISO 8601 in the given offset (`Z` when none), milliseconds only when there are any: pydantic's output. */
function formatDateTime(date: Date, offsetMinutes: number | undefined): string {
  const shifted = new Date(date.getTime() + (offsetMinutes ?? 0) * 60_000);
  const base = shifted.toISOString().replace(/\.000Z$|Z$/, "");
  if (offsetMinutes === undefined) return `${base}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  return `${base}${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`;
}

function decodeDateTime(text: string): OffsetDateTime {
  const match = OFFSET.exec(text);
  const offset = match === null ? undefined : match[1] === undefined ? 0 : (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  const iso = text.replace(/^(\d{4}-\d{2}-\d{2})[tT_ ]/, "$1T");
  return new OffsetDateTime(Date.parse(match === null ? `${iso}Z` : iso), offset);
}

function encodeDateTime(value: unknown): unknown {
  if (value instanceof OffsetDateTime) return value.toJSON();
  if (value instanceof Date) return formatDateTime(value, undefined);
  return value;
}

/** Seconds from an ISO 8601 duration (`PT5M`, `P1DT2H`) or a number of seconds. */
function decodeDuration(value: string | number): number {
  if (typeof value === "number") return value;
  const text = value.trim();
  if (DECIMAL.test(text)) return Number(text);
  const match = DURATION.exec(text);
  if (match === null || text === "P" || text.endsWith("T")) {
    throw new SchemaIssue(
      "time_delta_parsing",
      "Input should be a valid timedelta, expected an ISO 8601 duration such as PT5M or a number of seconds",
    );
  }
  let seconds = 0;
  for (let i = 0; i < DURATION_UNITS.length; i++) {
    const part = match[i + 2];
    if (part !== undefined) seconds += Number(part.replace(",", ".")) * DURATION_UNITS[i]!;
  }
  return match[1] === "-" ? -seconds : seconds;
}

/** Set members are told apart by value: objects by their JSON text. */
function dedupe(items: readonly unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const item of items) {
    const key = typeof item === "object" && item !== null ? JSON.stringify(item) : item;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function decimalText(value: string | number): string {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (!DECIMAL.test(text)) throw new SchemaIssue("decimal_parsing", "Input should be a valid decimal");
  return text;
}

export interface ExtraTypeBuilders {
  /** ISO 8601 datetime → `OffsetDateTime` (a `Date`); written back with the offset it came with. */
  DateTime(options?: { description?: string }): TCodec<TString, OffsetDateTime>;
  /** ISO 8601 date → `Date` at UTC midnight; written back as `YYYY-MM-DD`. */
  Date(options?: { description?: string }): TCodec<TString, Date>;
  /** ISO 8601 time of day (`15:30:00`), checked and kept as text: JavaScript has no time-of-day type. */
  Time(options?: { description?: string }): TString;
  /** A duration → seconds (ISO 8601 `PT5M` or a number of seconds); written back as seconds, as FastAPI does. */
  Duration(options?: { description?: string }): TCodec<TUnion<[TNumber, TString]>, number>;
  /** An array whose duplicates are removed (pydantic's set) → `Set`; a `Set` is written back as an array. */
  Set<T extends TSchema>(items: T, options?: { description?: string }): TCodec<TArray<T>, Set<TypeBox.StaticDecode<T>>>;
  /** A decimal number, kept exactly as its digits (a string): no float rounding. Numbers and strings accepted. */
  Decimal(options?: { description?: string }): TCodec<TUnion<[TNumber, TString]>, string>;
  /** Text → `Buffer` (UTF-8); a `Buffer` is written back as its text. */
  Bytes(options?: { description?: string }): TCodec<TString, Buffer>;
}

/** The builders, made with the `Type` the schema builder uses (passed in: schema.ts loads TypeBox its own way). */
export function extraTypes(Type: typeof TypeBox): ExtraTypeBuilders {
  return {
    DateTime: (options = {}) =>
      Type.Codec(Type.String({ ...options, format: "date-time" }))
        .Decode(decodeDateTime)
        .Encode(encodeDateTime as (v: OffsetDateTime) => string),
    Date: (options = {}) =>
      Type.Codec(Type.String({ ...options, format: "date" }))
        .Decode((text) => new Date(`${text}T00:00:00Z`))
        .Encode(((value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)) as (v: Date) => string),
    Time: (options = {}) => Type.String({ ...options, format: "time" }),
    Duration: (options = {}) =>
      Type.Codec(Type.Union([Type.Number(), Type.String()], { ...options, format: "duration" }))
        .Decode(decodeDuration)
        .Encode((seconds) => seconds),
    Set: (items, options = {}) =>
      Type.Codec(Type.Array(items, { ...options, uniqueItems: true, "~set": true }))
        .Decode((array) => new Set(dedupe(array)) as Set<TypeBox.StaticDecode<typeof items>>)
        .Encode(((value: unknown) => (value instanceof Set ? [...value] : Array.isArray(value) ? dedupe(value) : value)) as (
          v: unknown,
        ) => never) as never,
    Decimal: (options = {}) =>
      Type.Codec(Type.Union([Type.Number(), Type.String()], options))
        .Decode(decimalText)
        .Encode((text) => text),
    Bytes: (options = {}) =>
      Type.Codec(Type.String({ ...options, format: "binary" }))
        .Decode((text): Buffer => Buffer.from(text, "utf8"))
        .Encode(((value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : value)) as (v: Buffer) => string),
  };
}
