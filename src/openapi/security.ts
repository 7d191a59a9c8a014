import type { RouteDefinition } from "../routing/definitions.ts";
import { routeSecurity } from "../security/requirements.ts";
import type { JsonObject } from "./json.ts";

/**
 * Gathers the security schemes of a document's operations. Each operation's requirements come from its whole
 * dependency graph (app, router and route level), with the scopes `Security(dep, { scopes })` asks for on the way —
 * a list of alternatives, one per scheme use, as FastAPI writes it.
 */
export class SecurityCollector {
  readonly schemes: Record<string, JsonObject> = {};

  requirements(definition: RouteDefinition): JsonObject[] {
    const { schemes, requirements } = routeSecurity(definition.options.deps, definition.deps);
    Object.assign(this.schemes, schemes);
    return requirements;
  }
}
