/**
 * The seam between Skiff's `WebSocket` (the handler's view) and whatever carries frames: a real socket through
 * the `ws` package (`ws-transport.ts`) or an in-memory test client (`memory-peer.ts`). A transport enforces
 * wire-level limits (message size, UTF-8, heartbeat) and reports; the `WebSocket` owns state and policy.
 */
export interface PeerTransport {
  /** Start delivering events. Called once, by the `WebSocket` constructor, before anything else. */
  attach(events: PeerEvents): void;
  /**
   * Complete the opening handshake (HTTP 101) with the chosen subprotocol and extra response headers. Throws
   * `WebSocketDisconnect(1006)` when the client is already gone.
   */
  accept(subprotocol: string | undefined, headers: [string, string][]): void;
  /** Answer the opening handshake with an HTTP error response instead; the connection ends. */
  refuse(response: HandshakeRefusal): void;
  /**
   * Queue one message. Only called after `accept`, while open. `utf8` is a text message's `data` already encoded,
   * when the caller has it (broadcast encodes an event once for every socket it goes to): a transport that can write
   * bytes as a text frame takes those, sparing an encoding per socket.
   */
  send(data: string | Uint8Array, utf8?: Uint8Array): void;
  /** Bytes queued for the client but not yet handed to the network (or, in memory, not yet read). */
  readonly bufferedAmount: number;
  /** Resolves the next time `bufferedAmount` shrinks, or when the connection ends. */
  drained(): Promise<void>;
  /** Start the closing handshake. The peer's answer (or the connection dropping) arrives as `events.peerClosed`. */
  close(code: number, reason: string): void;
  /** Drop the connection at once without a closing handshake; `events.peerClosed` reports 1006. */
  terminate(): void;
  /** Stop reading from the client (inbound backpressure) until `resume`. */
  pause(): void;
  resume(): void;
}

/** What a transport reports to the `WebSocket`. */
export interface PeerEvents {
  /** A complete message from the client: `string` for a text frame, bytes for a binary frame. */
  peerMessage(data: string | Uint8Array): void;
  /**
   * The connection is over, reported exactly once: the client's close code and reason, 1006 when it vanished
   * (TCP drop, missed heartbeat), or the code the transport itself closed with (1007, 1009…).
   */
  peerClosed(code: number, reason: string): void;
}

/** An HTTP response that refuses the opening handshake. */
export interface HandshakeRefusal {
  status: number;
  /** Lowercased names; pairs when a name repeats (a middleware's `set-cookie`s). */
  headers: Record<string, string> | [string, string][];
  body: string | Uint8Array;
}

/** A refusal's headers as pairs. */
export function refusalHeaders(refusal: HandshakeRefusal): [string, string][] {
  return Array.isArray(refusal.headers) ? refusal.headers : Object.entries(refusal.headers);
}
