/** Close codes Skiff sends or reports, by RFC 6455 §7.4.1 name. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  BAD_GATEWAY: 1014,
} as const;

const NAMES: Record<number, string> = {
  1000: "Normal Closure",
  1001: "Going Away",
  1002: "Protocol Error",
  1003: "Unsupported Data",
  1005: "No Status Received",
  1006: "Abnormal Closure",
  1007: "Invalid Frame Payload Data",
  1008: "Policy Violation",
  1009: "Message Too Big",
  1010: "Mandatory Extension",
  1011: "Internal Error",
  1012: "Service Restart",
  1013: "Try Again Later",
  1014: "Bad Gateway",
  1015: "TLS Handshake",
};

/** Human name of a close code, e.g. `1009` → `"Message Too Big"`. */
export function describeCloseCode(code: number): string {
  if (NAMES[code]) return NAMES[code];
  if (code >= 3000 && code <= 3999) return "registered";
  if (code >= 4000 && code <= 4999) return "application-defined";
  return "unknown";
}

/** Longest close reason a frame can carry: a control frame holds 125 bytes, 2 of them the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** Close codes that a close frame may carry on the wire; 1004–1006 and 1015 are reserved for reporting only. */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/**
 * Throw a `RangeError` naming the rule when `code`/`reason` cannot go in a close frame.
 * @example assertValidClose(100, "") // RangeError: Invalid WebSocket close code 100: …
 */
export function assertValidClose(code: number, reason: string): void {
  if (!isSendableCloseCode(code)) {
    throw new RangeError(
      `Invalid WebSocket close code ${String(code)}: a close frame may only carry 1000–1003, 1007–1014 ` +
        `(RFC 6455 §7.4) or 3000–4999 (3xxx registered, 4xxx for your application). ` +
        `Use 1000 for a normal close or a 4xxx code for your own reasons, e.g. close(4001, "bad token").`,
    );
  }
  if (typeof reason !== "string") {
    throw new TypeError(`WebSocket close reason must be a string, got ${typeof reason}`);
  }
  const bytes = Buffer.byteLength(reason, "utf8");
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    throw new RangeError(
      `WebSocket close reason is ${bytes} UTF-8 bytes; a close frame allows at most ${MAX_CLOSE_REASON_BYTES}. ` +
        `Shorten the reason (send details in a message before closing).`,
    );
  }
}

/** Cut `text` to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut with "…". */
export function truncateUtf8(text: string, maxBytes = MAX_CLOSE_REASON_BYTES): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const ellipsis = "…";
  const budget = maxBytes - Buffer.byteLength(ellipsis, "utf8");
  let used = 0;
  let out = "";
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (used + size > budget) break;
    used += size;
    out += char;
  }
  return out + ellipsis;
}
