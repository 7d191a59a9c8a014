/**
 * Every property key Skiff hides on objects it does not own (Node's sockets, `ws` clients, route options), in one
 * place: what each one marks, and who reads it. Sentinel values (the validators' `INVALID`, in
 * params/run-state.ts) live with the contract they belong to; classes Skiff owns use `@internal` members instead.
 */

/** On a `ws` client: its `WsTransport`, so the client's event listeners are shared functions, not closures (ws-transport.ts). */
export const TRANSPORT = Symbol("skiff.transport");

/** On a socket `guardConnections` answered 503: a request Node still parses on it is not served (server/connections.ts). */
export const REFUSED_CONNECTION = Symbol("skiff.refusedConnection");

/** On a socket whose requests are pipelined: their queue and counts (server/pipelining.ts). */
export const PIPELINE = Symbol("skiff.pipeline");

/** On a route's options: a route Skiff adds itself (the docs), which the app's own dependencies skip (routing/definitions.ts). */
export const INTERNAL_ROUTE: unique symbol = Symbol("skiff.internalRoute");
