import { SkiffOptionError } from "../../errors.ts";

/** Directive name (camelCase or kebab-case) → its sources; `true` for a directive without value; `null`/`false` removes one. */
export type CspDirectives = Readonly<Record<string, readonly string[] | string | boolean | null>>;

/**
 * The Content-Security-Policy `securityHeaders()` sends: directives to add, replace or remove.
 */
export interface ContentSecurityPolicyOptions {
  /** Start from helmet's default directives (default true); `directives` then adds or replaces them one by one. */
  useDefaults?: boolean;
  /**
   * @example { connectSrc: ["'self'", "https://api.example"], upgradeInsecureRequests: null }
   */
  directives?: CspDirectives;
  /** Send `Content-Security-Policy-Report-Only` instead: browsers report violations but block nothing. */
  reportOnly?: boolean;
}

/** helmet's default policy: only this origin's scripts, no plugins, no framing by other sites, no `<base>` hijack. */
const DEFAULT_DIRECTIVES: CspDirectives = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "font-src": ["'self'", "https:", "data:"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'self'"],
  "img-src": ["'self'", "data:"],
  "object-src": ["'none'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'", "https:", "'unsafe-inline'"],
  "upgrade-insecure-requests": true,
};

// Sources that mean something only in single quotes; unquoted, a browser reads them as host names.
const KEYWORDS = new Set(["self", "none", "unsafe-inline", "unsafe-eval", "unsafe-hashes", "strict-dynamic", "report-sample", "wasm-unsafe-eval"]);

/** The header's name and value, checked and joined once. Throws a SkiffOptionError naming the bad directive or source. */
export function compileCsp(options: ContentSecurityPolicyOptions): [name: string, value: string] {
  const directives = new Map<string, readonly string[] | true>();
  const apply = (source: CspDirectives) => {
    for (const [rawName, value] of Object.entries(source)) {
      const name = kebab(rawName);
      if (value === null || value === false) directives.delete(name);
      else directives.set(name, value === true ? true : checkSources(name, typeof value === "string" ? [value] : value));
    }
  };
  if (options.useDefaults ?? true) apply(DEFAULT_DIRECTIVES);
  apply(options.directives ?? {});
  if (!directives.has("default-src")) {
    throw new SkiffOptionError(
      "securityHeaders: the Content-Security-Policy needs a default-src directive (keep the defaults or set directives.defaultSrc)",
    );
  }
  const value = [...directives].map(([name, sources]) => (sources === true ? name : `${name} ${sources.join(" ")}`)).join("; ");
  return [options.reportOnly ? "content-security-policy-report-only" : "content-security-policy", value];
}

function kebab(name: string): string {
  const result = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  if (!/^[a-z][a-z-]*$/.test(result))
    throw new SkiffOptionError(`securityHeaders: ${JSON.stringify(name)} is not a Content-Security-Policy directive name`);
  return result;
}

function checkSources(directive: string, sources: readonly string[]): readonly string[] {
  if (sources.length === 0)
    throw new SkiffOptionError(`securityHeaders: CSP ${directive} needs at least one source (use "'none'" to allow nothing, or null to drop it)`);
  for (const source of sources) {
    if (source === "" || /[\s;,]/.test(source)) {
      throw new SkiffOptionError(
        `securityHeaders: CSP ${directive} source ${JSON.stringify(source)} must be one non-empty word without spaces, ';' or ','`,
      );
    }
    if (KEYWORDS.has(source.toLowerCase())) {
      throw new SkiffOptionError(`securityHeaders: CSP ${directive} source ${JSON.stringify(source)} must be quoted: "'${source}'"`);
    }
  }
  return sources;
}
