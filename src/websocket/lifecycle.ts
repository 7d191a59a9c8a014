import type { WebSocketDisconnect } from "./errors.ts";
import type { WebSocketState } from "./websocket.ts";

/** How a connection ended first: what `closeCode`/`closeReason`, later sends, iterators and the signal report. */
export interface Ended {
  /** The handler's own `close()` makes iterators end quietly whatever the code. */
  readonly by: "handler" | "skiff" | "client";
  readonly disconnect: WebSocketDisconnect;
}

/**
 * Where a connection is in its life. Starlette reports the handler's side and the client's side separately
 * (`applicationState`, `clientState`); these are the combinations that can happen, each holding what it knows.
 */
export type Lifecycle =
  /** The upgrade request arrived; the handler has not accepted or refused yet. */
  | { readonly phase: "connecting" }
  /** Accepted: messages flow both ways. */
  | { readonly phase: "open"; readonly subprotocol: string | undefined }
  /** The handler (or Skiff, for a broken rule) closed; the client has not answered yet. */
  | ({ readonly phase: "closing"; readonly subprotocol: string | undefined } & Ended)
  /** The client closed or vanished after `accept()`; the handler has not closed yet. */
  | ({ readonly phase: "disconnected"; readonly subprotocol: string | undefined } & Ended)
  /** Both sides are done, after `accept()`. */
  | ({ readonly phase: "closed"; readonly subprotocol: string | undefined } & Ended)
  /** The client left before the handler accepted or refused. */
  | ({ readonly phase: "abandoned" } & Ended)
  /**
   * The handshake was answered with an HTTP error. `acceptError` is what a later `accept()` throws when Skiff
   * refused (a timeout); otherwise `accept()` says `close()` came first.
   */
  | ({ readonly phase: "refused"; readonly acceptError: WebSocketDisconnect | undefined } & Ended);

// Shared by every connection in these phases: an idle open connection keeps no lifecycle object of its own.
export const CONNECTING: Lifecycle = Object.freeze({ phase: "connecting" });
export const OPEN: Lifecycle = Object.freeze({ phase: "open", subprotocol: undefined });

/** The handler's side, as Starlette's `application_state`. */
export function applicationState(lifecycle: Lifecycle): WebSocketState {
  switch (lifecycle.phase) {
    case "connecting":
    case "abandoned":
      return "CONNECTING";
    case "open":
    case "disconnected":
      return "CONNECTED";
    default:
      return "DISCONNECTED";
  }
}

/** The client's side, as Starlette's `client_state`. */
export function clientState(lifecycle: Lifecycle): WebSocketState {
  switch (lifecycle.phase) {
    case "connecting":
      return "CONNECTING";
    case "open":
    case "closing":
      return "CONNECTED";
    default:
      return "DISCONNECTED";
  }
}

/** `accept()` completed the handshake at some point: receiving and sending are allowed, or fail as a disconnect. */
export function wasAccepted(lifecycle: Lifecycle): boolean {
  const phase = lifecycle.phase;
  return phase === "open" || phase === "closing" || phase === "disconnected" || phase === "closed";
}

/** How the connection ended first, once it has. */
export function endOf(lifecycle: Lifecycle): Ended | undefined {
  return lifecycle.phase === "connecting" || lifecycle.phase === "open" ? undefined : lifecycle;
}
