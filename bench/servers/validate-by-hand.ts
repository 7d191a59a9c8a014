// Hand-written validation for the servers without a schema library (Express, raw node:http): the checks a
// careful developer writes, answering 422 with the first problem found.
import { ITEM_RULES, QUERY_RULES } from "./shared.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ItemQuery {
  q?: string;
  limit: number;
}

export function checkQuery(q: unknown, limit: unknown): Checked<ItemQuery> {
  if (q !== undefined && (typeof q !== "string" || q.length > QUERY_RULES.qMax)) return { ok: false, error: "q: at most 50 characters" };
  let n = QUERY_RULES.limitDefault;
  if (limit !== undefined) {
    if (typeof limit !== "string" || !/^-?\d+$/.test(limit)) return { ok: false, error: "limit: an integer" };
    n = Number(limit);
    if (n < QUERY_RULES.limitMin || n > QUERY_RULES.limitMax) return { ok: false, error: "limit: 1 to 100" };
  }
  return { ok: true, value: q === undefined ? { limit: n } : { q: q as string, limit: n } };
}

export function checkId(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export function checkItem(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "body: an object";
  const item = body as Record<string, unknown>;
  const { name, description, price, tax, sku, inStock, tags, dimensions, ratings } = item;
  if (typeof name !== "string" || name.length < 1 || name.length > ITEM_RULES.nameMax) return "name: 1 to 100 characters";
  if (typeof description !== "string" || description.length > ITEM_RULES.descriptionMax) return "description: a string";
  if (!isNumber(price) || price < 0) return "price: a number ≥ 0";
  if (tax !== undefined && (!isNumber(tax) || tax < 0)) return "tax: a number ≥ 0";
  if (typeof sku !== "string" || !ITEM_RULES.skuPattern.test(sku)) return "sku: AAA-000000";
  if (typeof inStock !== "boolean") return "inStock: a boolean";
  if (!Array.isArray(tags) || tags.length > ITEM_RULES.tagsMax || !tags.every((t) => typeof t === "string")) return "tags: strings";
  if (typeof dimensions !== "object" || dimensions === null) return "dimensions: an object";
  const d = dimensions as Record<string, unknown>;
  if (!isNumber(d.width) || !isNumber(d.height) || !isNumber(d.depth)) return "dimensions: width, height, depth";
  if (!Array.isArray(ratings)) return "ratings: an array";
  for (const r of ratings) {
    if (!Number.isInteger(r) || (r as number) < ITEM_RULES.ratingMin || (r as number) > ITEM_RULES.ratingMax) return "ratings: 1 to 5";
  }
  return undefined;
}
