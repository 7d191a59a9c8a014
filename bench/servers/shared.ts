// What every benchmark server serves, so the peers answer the same requests with the same payloads.

/** `--port 1234 --routes 10` from argv. */
export function serverArgs(): { port: number; routes: number } {
  const argv = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  return { port: value("port", 3000), routes: value("routes", 10) };
}

/** The three measured routes count towards the total; the rest are fillers. */
export const MEASURED_ROUTES = 3;

/**
 * Filler routes: a static and a parameterised route per prefix, half registered before the measured routes and
 * half after, so a router that scans in order is neither favoured nor punished by where the measured ones sit.
 */
export interface Filler {
  /** `/r7/status` or `/r7/items/{id}`; `param` says which. */
  path: string;
  param: boolean;
  before: boolean;
}

export function fillerRoutes(total: number): Filler[] {
  const count = Math.max(0, total - MEASURED_ROUTES);
  const fillers: Filler[] = [];
  for (let i = 0; i < count; i++) {
    const param = i % 2 === 1;
    fillers.push({ path: param ? `/r${i}/items/{id}` : `/r${i}/status`, param, before: i < count / 2 });
  }
  return fillers;
}

/** `/r7/items/{id}` → `/r7/items/:id` (Fastify, Hono, Express). */
export function colonPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

/** The ~1 KiB body of `POST /items`. */
export const ITEM_BODY = {
  name: "Skiff benchmark item",
  description:
    "A moderately long description so that the request body is about one kibibyte, as a real create-item call " +
    "with a few nested fields would be. It says nothing in particular, repeats itself a little, and exists only " +
    "to be parsed, validated and echoed back by every server in this benchmark. The quick brown fox jumps over " +
    "the lazy dog; pack my box with five dozen liquor jugs; sphinx of black quartz, judge my vow. Lorem ipsum " +
    "dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna. " +
    "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat; " +
    "duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.",
  price: 42.5,
  tax: 3.25,
  sku: "SKF-000123",
  inStock: true,
  tags: ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"],
  dimensions: { width: 10.5, height: 20, depth: 3.75 },
  ratings: [5, 4, 4, 5, 3, 5, 4, 5],
};

/** Rules every server checks on the body, in its own way. */
export const ITEM_RULES = {
  nameMax: 100,
  descriptionMax: 2000,
  skuPattern: /^[A-Z]{3}-\d{6}$/,
  tagsMax: 50,
  ratingMin: 1,
  ratingMax: 5,
};

/** The query of `GET /items/{id}`: `q` optional (≤ 50 chars), `limit` 1…100, default 10. */
export const QUERY_RULES = { qMax: 50, limitMin: 1, limitMax: 100, limitDefault: 10 };
