import { AsyncQueue } from "../util/async-queue.ts";
import { WebSocketStateError, type WebSocketDisconnect } from "./errors.ts";

/** One message as the client sent it. */
export type WebSocketMessage = { type: "text"; data: string } | { type: "bytes"; data: Uint8Array };

/**
 * Messages the client sent that the handler has not received yet, then the end of the connection (`fail()` with
 * its `WebSocketDisconnect`). Past `highWaterBytes` of unread data it asks the transport to stop reading, so a
 * client that floods a slow handler fills the TCP window instead of server memory; it resumes at half.
 */
export class Inbox extends AsyncQueue<WebSocketMessage> {
  private queuedBytes = 0;
  private paused = false;

  constructor(
    private readonly highWaterBytes: number,
    private readonly flow: { pause(): void; resume(): void },
  ) {
    super();
  }

  protected override queued(message: WebSocketMessage): void {
    this.queuedBytes += sizeOf(message);
    if (!this.paused && this.queuedBytes > this.highWaterBytes) {
      this.paused = true;
      this.flow.pause();
    }
  }

  protected override dequeued(message: WebSocketMessage): void {
    this.queuedBytes -= sizeOf(message);
    if (this.paused && this.queuedBytes <= this.highWaterBytes / 2) {
      this.paused = false;
      this.flow.resume();
    }
  }

  /** Starlette's rule: a second receive after the disconnect was reported is a bug (often an endless loop). */
  protected override failureFor(error: unknown, reported: boolean): unknown {
    if (!reported) return error;
    const disconnect = error as WebSocketDisconnect;
    return new WebSocketStateError(
      `Cannot receive: the WebSocket is closed (code ${disconnect.code}) and WebSocketDisconnect was already ` +
        `thrown once. Stop receiving when you catch WebSocketDisconnect.`,
    );
  }
}

function sizeOf(message: WebSocketMessage): number {
  return message.type === "text" ? message.data.length * 2 : message.data.byteLength;
}

/** Close codes after which `iterText/iterBytes/iterJson` end instead of throwing (1005: closed without a code). */
export const NORMAL_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1001, 1005]);

/** Which `receive*()` an iterator stands for. */
export type MessageKind = "text" | "bytes" | "json";
