import type { Request } from "../http/request.ts";
import { PlainTextResponse } from "../responses/response.ts";
import type { ResponseHeaders } from "../responses/headers.ts";
import type { Middleware } from "./compose.ts";
import { addVary } from "./vary.ts";

/** Starlette's `CORSMiddleware` options, camelCased. */
export interface CorsOptions {
  /** Origins allowed to read responses, e.g. `["https://app.example"]`; `["*"]` allows any. */
  allowOrigins?: readonly string[];
  /** A pattern the whole origin must match, e.g. `"https://.*\\.example\\.org"`. */
  allowOriginRegex?: string | RegExp;
  /** Default `["GET"]`; `["*"]` allows DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT. */
  allowMethods?: readonly string[];
  /** Request headers beyond the CORS-safelisted ones; `["*"]` mirrors whatever the browser asks for. */
  allowHeaders?: readonly string[];
  /** Let cookies and `Authorization` cross origins (`Access-Control-Allow-Credentials: true`). */
  allowCredentials?: boolean;
  /** Answer Private Network Access preflights (`Access-Control-Request-Private-Network`). */
  allowPrivateNetwork?: boolean;
  /** Response headers the browser may expose to scripts. */
  exposeHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer. Default 600. */
  maxAge?: number;
}

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const SAFELISTED_HEADERS = ["Accept", "Accept-Language", "Content-Language", "Content-Type"];

/**
 * Cross-origin resource sharing with Starlette's exact answers: a preflight (OPTIONS with `Origin` and
 * `Access-Control-Request-Method`) is answered here — 200 "OK", or 400 "Disallowed CORS origin, method, headers"
 * naming what failed — and other requests carrying `Origin` get the allow headers added to their response.
 * @example
 * app.use(cors({ allowOrigins: ["https://app.example"], allowMethods: ["*"], allowHeaders: ["*"], allowCredentials: true }));
 */
export function cors(options: CorsOptions = {}): Middleware {
  const policy = new CorsPolicy(options);
  return (request, next) => {
    const origin = request.headers.get("origin");
    if (origin === null) return next(request);
    if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
      return policy.preflight(request, origin);
    }
    return next(request).then((response) => {
      policy.decorate(response.headers, request, origin);
      return response;
    });
  };
}

/** The options compiled once: the fixed headers of both answers and the origin test. */
class CorsPolicy {
  private readonly allowOrigins: ReadonlySet<string>;
  private readonly allowAllOrigins: boolean;
  private readonly originPattern: RegExp | null;
  private readonly allowMethods: readonly string[];
  private readonly allowAllHeaders: boolean;
  private readonly allowedHeaders: ReadonlySet<string>;
  private readonly allowCredentials: boolean;
  private readonly allowPrivateNetwork: boolean;
  private readonly explicitPreflightOrigin: boolean;
  private readonly simpleHeaders: [string, string][] = [];
  private readonly preflightHeaders: [string, string][] = [];

  constructor(options: CorsOptions) {
    const origins = options.allowOrigins ?? [];
    const methods = options.allowMethods ?? ["GET"];
    const headers = options.allowHeaders ?? [];
    this.allowOrigins = new Set(origins);
    this.allowAllOrigins = origins.includes("*");
    this.originPattern = options.allowOriginRegex === undefined ? null : fullMatch(options.allowOriginRegex);
    this.allowMethods = methods.includes("*") ? ALL_METHODS : methods;
    this.allowAllHeaders = headers.includes("*");
    this.allowCredentials = options.allowCredentials ?? false;
    this.allowPrivateNetwork = options.allowPrivateNetwork ?? false;
    // With credentials, browsers reject "*", so even an allow-all policy has to echo the origin.
    this.explicitPreflightOrigin = !this.allowAllOrigins || this.allowCredentials;

    if (this.allowAllOrigins) this.simpleHeaders.push(["access-control-allow-origin", "*"]);
    if (this.allowCredentials) this.simpleHeaders.push(["access-control-allow-credentials", "true"]);
    if (options.exposeHeaders?.length) this.simpleHeaders.push(["access-control-expose-headers", options.exposeHeaders.join(", ")]);

    const listed = [...new Set([...SAFELISTED_HEADERS, ...headers])].sort();
    this.allowedHeaders = new Set(listed.map((h) => h.toLowerCase()));
    this.preflightHeaders.push(this.explicitPreflightOrigin ? ["vary", "Origin"] : ["access-control-allow-origin", "*"]);
    this.preflightHeaders.push(["access-control-allow-methods", this.allowMethods.join(", ")]);
    this.preflightHeaders.push(["access-control-max-age", String(options.maxAge ?? 600)]);
    if (!this.allowAllHeaders) this.preflightHeaders.push(["access-control-allow-headers", listed.join(", ")]);
    if (this.allowCredentials) this.preflightHeaders.push(["access-control-allow-credentials", "true"]);
  }

  isAllowedOrigin(origin: string): boolean {
    if (this.allowAllOrigins) return true;
    if (this.originPattern?.test(origin)) return true;
    return this.allowOrigins.has(origin);
  }

  preflight(request: Request, origin: string): PlainTextResponse {
    const response = new PlainTextResponse("OK", { headers: this.preflightHeaders });
    const headers = response.headers;
    const failures: string[] = [];
    if (this.isAllowedOrigin(origin)) {
      if (this.explicitPreflightOrigin) headers.set("access-control-allow-origin", origin);
    } else {
      failures.push("origin");
    }
    if (!this.allowMethods.includes(request.headers.get("access-control-request-method")!)) failures.push("method");
    const requested = request.headers.get("access-control-request-headers");
    if (requested !== null) {
      if (this.allowAllHeaders) headers.set("access-control-allow-headers", requested);
      else if (requested.split(",").some((h) => !this.allowedHeaders.has(h.trim().toLowerCase()))) failures.push("headers");
    }
    if (request.headers.has("access-control-request-private-network")) {
      if (this.allowPrivateNetwork) headers.set("access-control-allow-private-network", "true");
      else failures.push("private-network");
    }
    if (failures.length > 0) {
      response.status = 400;
      response.body = `Disallowed CORS ${failures.join(", ")}`;
    }
    return response;
  }

  decorate(headers: ResponseHeaders, request: Request, origin: string): void {
    for (const [name, value] of this.simpleHeaders) headers.set(name, value);
    if (this.allowAllOrigins) {
      // A credentialed request must see its own origin, never "*" (Starlette's rule, operator precedence included).
      const credentialed = (this.allowCredentials && request.headers.has("authorization")) || request.headers.has("cookie");
      if (credentialed) allowExplicitOrigin(headers, origin);
    } else if (this.isAllowedOrigin(origin)) {
      allowExplicitOrigin(headers, origin);
    }
  }
}

function allowExplicitOrigin(headers: ResponseHeaders, origin: string): void {
  headers.set("access-control-allow-origin", origin);
  addVary(headers, "Origin");
}

/** Python's `re.fullmatch`: the whole origin must match, not a substring of it. */
function fullMatch(pattern: string | RegExp): RegExp {
  const source = typeof pattern === "string" ? pattern : pattern.source;
  const flags = typeof pattern === "string" ? "" : pattern.flags.replace(/[gy]/g, "");
  return new RegExp(`^(?:${source})$`, flags);
}
