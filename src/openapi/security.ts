import type { Dependency } from "../dependencies/depends.ts";
import { isJsonObject, type JsonObject } from "./json.ts";

/** What a security dependency (HTTPBearer, OAuth2PasswordBearer, APIKeyHeader…) puts in `dep.meta.securityScheme`. */
export interface SecuritySchemeMeta {
  /** The key in `components.securitySchemes` (FastAPI's `scheme_name`, the class name by default). */
  name: string;
  /** The OpenAPI Security Scheme Object. */
  scheme: JsonObject;
  /** OAuth2 scopes this use of the scheme needs. */
  scopes?: readonly string[];
}

/** Collects the security schemes of an operation's dependencies and the requirements that name them. */
export class SecurityCollector {
  readonly schemes: Record<string, JsonObject> = {};

  /**
   * One requirement per scheme, in dependency order, scopes merged — a list of alternatives, as FastAPI writes it
   * (Swagger UI then offers each scheme's Authorize button).
   */
  requirements(dependencies: readonly Dependency[]): JsonObject[] {
    const scopes = new Map<string, Set<string>>();
    for (const dep of dependencies) {
      const meta = securityMeta(dep);
      if (!meta) continue;
      this.schemes[meta.name] = meta.scheme;
      const set = scopes.get(meta.name) ?? new Set<string>();
      for (const scope of meta.scopes ?? []) set.add(scope);
      scopes.set(meta.name, set);
    }
    return [...scopes].map(([name, set]) => ({ [name]: [...set] }));
  }
}

function securityMeta(dep: Dependency): SecuritySchemeMeta | undefined {
  const meta = dep.meta?.securityScheme;
  if (!isJsonObject(meta) || typeof meta.name !== "string" || !isJsonObject(meta.scheme)) return undefined;
  return meta as unknown as SecuritySchemeMeta;
}
