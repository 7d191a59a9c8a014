import type { IncomingMessage } from "node:http";
import type { Request } from "../http/request.ts";
import { ClientDisconnected } from "../http/body.ts";

/** Where a request's body goes, chunk by chunk. */
export interface PumpTarget {
  /** Takes a chunk; false asks for a pause until `pump.resume()`. */
  write(chunk: Buffer): boolean;
  end(): void;
  /** Reading failed: ClientDisconnected when the client went away before the body ended. */
  fail(error: unknown): void;
}

/**
 * Feeds a request body to a target with backpressure, noticing a client that disconnects mid-body. When a
 * middleware already read the body, the buffered copy is fed instead.
 */
export class RequestPump {
  private readonly raw: IncomingMessage;
  private ended = false;

  constructor(
    private readonly request: Request,
    private readonly target: PumpTarget,
  ) {
    this.raw = request.raw;
  }

  start(): void {
    if (this.raw.readableDidRead) return void this.feedBuffered();
    this.raw.on("data", this.onData);
    this.raw.on("end", this.onEnd);
    this.raw.on("error", this.onGone);
    this.raw.on("close", this.onClose);
  }

  resume(): void {
    this.raw.resume();
  }

  /** Detaches from the request; `discardRest` drains what the client still sends, so an answer can be written. */
  stop(discardRest: boolean): void {
    this.raw.off("data", this.onData);
    this.raw.off("end", this.onEnd);
    this.raw.off("error", this.onGone);
    this.raw.off("close", this.onClose);
    if (!discardRest) return;
    this.raw.on("error", () => undefined);
    this.raw.resume();
  }

  private async feedBuffered(): Promise<void> {
    let body: Buffer;
    try {
      body = await this.request.body();
    } catch (error) {
      return this.target.fail(error);
    }
    this.target.write(body);
    this.target.end();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (!this.target.write(chunk)) this.raw.pause();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.target.end();
  };

  private readonly onGone = (): void => this.target.fail(new ClientDisconnected());

  private readonly onClose = (): void => {
    if (!this.ended) this.onGone();
  };
}
