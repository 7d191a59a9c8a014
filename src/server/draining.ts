import { ServerResponse, type IncomingMessage } from "node:http";
import { hasRequestBehind } from "./pipelining.ts";

/**
 * A `ServerResponse` class for one server that, once `drain()` was called, writes every response head with
 * `connection: close` — in-flight requests included, so no client is told to reuse a connection about to go — except
 * a response with a request pipelined behind it on the same connection, which that request's response then closes.
 */
export function drainAwareResponses(): { ServerResponse: typeof ServerResponse<IncomingMessage>; drain(): void } {
  let draining = false;
  class DrainAwareResponse extends ServerResponse<IncomingMessage> {
    // Every head goes through writeHead, implicit ones (a write or end without it) included. Fixed parameters rather
    // than a rest array: no allocation per response (Node treats an undefined reason or headers as left out).
    override writeHead(statusCode: number, reason?: any, headers?: any): this {
      if (draining && !hasRequestBehind(this)) this.shouldKeepAlive = false;
      return super.writeHead(statusCode, reason, headers);
    }
  }
  return {
    ServerResponse: DrainAwareResponse,
    drain: () => {
      draining = true;
    },
  };
}
