import type { DependencyOverrides } from "../dependencies/overrides.ts";
import type { Endpoint } from "../http/endpoint.ts";
import type { CompiledParams } from "./compiled-params.ts";
import { RouteTable, type Match } from "./route-table.ts";
import type { ParsedTemplate } from "./template.ts";
import type { WebSocketEndpoint } from "./websocket-route.ts";

/**
 * An app's compiled routes, HTTP and WebSocket: the two route tables, and the one place that notices a change of
 * `dependencyOverrides` (its `version`) and rebuilds every route's dependency plan before the next lookup.
 */
export class AppRoutes {
  readonly #http = new RouteTable<Endpoint>();
  readonly #websocket = new RouteTable<WebSocketEndpoint>();
  readonly #compiled: CompiledParams[] = [];
  readonly #overrides: DependencyOverrides;
  #version: number;

  constructor(overrides: DependencyOverrides) {
    this.#overrides = overrides;
    this.#version = overrides.version;
  }

  addHttp(methods: readonly string[], template: ParsedTemplate, endpoint: Endpoint): void {
    for (const method of methods) this.#http.add(method, template, endpoint);
    this.#compiled.push(endpoint.params);
  }

  addWebSocket(template: ParsedTemplate, endpoint: WebSocketEndpoint): void {
    this.#websocket.add("GET", template, endpoint);
    this.#compiled.push(endpoint.params);
  }

  /** The HTTP route for a request, with its raw params; `null` when none matches. */
  findHttp(method: string, path: string): Match<Endpoint> | null {
    if (this.#version !== this.#overrides.version) this.#recompile();
    return this.#http.find(method, path);
  }

  /** Every method some HTTP route answers for this path (a 405's `Allow`). */
  allowedMethods(path: string): string[] {
    return this.#http.allowedMethods(path);
  }

  /** The WebSocket route for a handshake's path, with its raw params; `null` when none matches. */
  findWebSocket(path: string): Match<WebSocketEndpoint> | null {
    if (this.#version !== this.#overrides.version) this.#recompile();
    return this.#websocket.find("GET", path);
  }

  /** Overrides changed since the plans were built: rebuild them all (HTTP and WebSocket alike). */
  #recompile(): void {
    this.#version = this.#overrides.version;
    for (const params of this.#compiled) params.recompile(this.#overrides);
  }
}
