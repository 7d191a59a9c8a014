import type { ConnectionHead } from "../http/connection.ts";
import type { HandshakeRefusal } from "./transport.ts";

const KEY = /^[+/0-9A-Za-z]{22}==$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Check that an upgrade request is a well-formed WebSocket handshake (RFC 6455 §4.2.1), so the handler only runs
 * for requests the transport will be able to upgrade. Returns the refusal for a malformed one, `undefined` otherwise.
 */
export function checkUpgradeRequest(head: ConnectionHead): HandshakeRefusal | undefined {
  if (head.method !== "GET") return badRequest(405, `WebSocket handshake must use GET, got ${head.method}`, { allow: "GET" });
  const { headers } = head;
  const upgrade = single(headers.upgrade);
  if (upgrade?.toLowerCase() !== "websocket") {
    return badRequest(400, `Upgrade header must be "websocket", got ${JSON.stringify(upgrade ?? null)}`);
  }
  const key = headers["sec-websocket-key"];
  if (typeof key !== "string" || !KEY.test(key)) return badRequest(400, "Missing or invalid Sec-WebSocket-Key header");
  const version = headers["sec-websocket-version"];
  if (version !== "13" && version !== "8") {
    return badRequest(400, "Missing or unsupported Sec-WebSocket-Version header; this server speaks version 13", {
      "sec-websocket-version": "13, 8",
    });
  }
  const protocols = headers["sec-websocket-protocol"];
  if (protocols !== undefined) {
    const tokens = (typeof protocols === "string" ? protocols : protocols.join(",")).split(",").map((token) => token.trim());
    if (tokens.some((token) => !TOKEN.test(token)) || new Set(tokens).size !== tokens.length) {
      return badRequest(400, "Invalid Sec-WebSocket-Protocol header: expected distinct tokens separated by commas");
    }
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.join(", ");
}

function badRequest(status: number, detail: string, headers: Record<string, string> = {}): HandshakeRefusal {
  return { status, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ detail }) };
}
