import type { Busboy, FieldInfo, FileInfo } from "busboy";
import { requireDependency } from "../util/require-dependency.ts";
import type { Readable } from "node:stream";
import type { Request } from "../http/request.ts";
import { ClientDisconnected } from "../http/body.ts";
import { FormEntries, type FormValue } from "./entries.ts";
import { limitExceeded, malformedForm, quoteName } from "./errors.ts";
import type { FormLimits } from "./limits.ts";
import { PartHeaderMeter } from "./part-header-meter.ts";
import { boundaryOf } from "./media-type.ts";
import { receiveFile, receiveText } from "./part-readers.ts";
import { RequestPump, type PumpTarget } from "./request-pump.ts";
import type { UploadStore } from "./upload-store.ts";

const busboy = requireDependency("busboy") as typeof import("busboy");

/** A declared file field's size cap, and how to name it in a 413. */
export interface FileCap {
  maxSize: number;
  limitName: string;
}

/** What a route's multipart reading needs, computed once at registration. */
export interface MultipartPlan {
  limits: FormLimits;
  /** Declared file fields; file parts under other names are read and dropped. */
  files: ReadonlyMap<string, FileCap>;
  /** Cap on the whole body in bytes. */
  bodyLimit: number;
}

/**
 * Streams a multipart body through busboy into form entries: fields in memory, files spooled (memory, then a temp
 * file in `store`). Every limit is checked as bytes arrive, so an oversized upload is refused without being
 * stored. Rejects with a 413/400 HTTPException, or ClientDisconnected when the client goes away mid-body.
 */
export function readMultipart(request: Request, plan: MultipartPlan, store: UploadStore): Promise<FormEntries> {
  const declared = Number(request.raw.headers["content-length"]);
  if (declared > plan.bodyLimit) return Promise.reject(bodyTooLarge(plan.bodyLimit));
  return new MultipartRead(request, plan, store).run();
}

function bodyTooLarge(limit: number) {
  return limitExceeded(`Request body is larger than the limit of ${limit} bytes`, "bodyLimit");
}

class MultipartRead implements PumpTarget {
  private readonly entries = new FormEntries();
  /** Parts read asynchronously (files, octet-stream fields), in arrival order. */
  private readonly pending: { name: string; value: Promise<FormValue | undefined> }[] = [];
  private readonly counts = { fields: 0, files: 0, parts: 0 };
  private readonly pump: RequestPump;
  private received = 0;
  private settled = false;
  private resolve!: (entries: FormEntries) => void;
  private reject!: (error: unknown) => void;
  private parser: Busboy | undefined;
  private meter!: PartHeaderMeter;

  constructor(
    private readonly request: Request,
    private readonly plan: MultipartPlan,
    private readonly store: UploadStore,
  ) {
    this.pump = new RequestPump(request, this);
  }

  run(): Promise<FormEntries> {
    const done = new Promise<FormEntries>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const { headers } = this.request.raw;
    const boundary = boundaryOf(headers["content-type"] ?? "");
    if (boundary === undefined) {
      this.fail(malformedForm("the content-type has no boundary"));
      return done;
    }
    this.meter = new PartHeaderMeter(boundary, this.plan.limits.maxPartHeaderSize);
    try {
      this.parser = busboy({ headers, defParamCharset: "utf8", limits: { fieldSize: this.plan.limits.maxFieldSize + 1 } });
    } catch (error) {
      this.fail(malformedForm((error as Error).message));
      return done;
    }
    this.parser.on("field", this.onField);
    this.parser.on("file", this.onFile);
    this.parser.on("error", (error: Error) => this.fail(malformedForm(error.message)));
    this.parser.on("drain", () => {
      if (!this.settled) this.pump.resume();
    });
    this.parser.on("finish", () => void this.finish());
    this.pump.start();
    return done;
  }

  /** Checks the byte limits, then hands the chunk to the parser; false when the parser wants a pause. */
  write(chunk: Buffer): boolean {
    if (this.settled) return true;
    const exceeded = this.checkBytes(chunk);
    if (exceeded) {
      this.fail(exceeded);
      return true;
    }
    return this.parser!.write(chunk);
  }

  end(): void {
    if (!this.settled) this.parser!.end();
  }

  private checkBytes(chunk: Buffer) {
    this.received += chunk.length;
    if (this.received > this.plan.bodyLimit) return bodyTooLarge(this.plan.bodyLimit);
    if (this.meter.push(chunk)) return undefined;
    const limit = this.plan.limits.maxPartHeaderSize;
    return limitExceeded(`A part's headers are larger than the limit of ${limit} bytes`, "maxPartHeaderSize");
  }

  private countPart(kind: "fields" | "files"): boolean {
    const { limits } = this.plan;
    const max = kind === "fields" ? limits.maxFields : limits.maxFiles;
    if (++this.counts[kind] > max) {
      this.fail(limitExceeded(`Too many ${kind}: at most ${max} are accepted`, kind === "fields" ? "maxFields" : "maxFiles"));
      return false;
    }
    if (++this.counts.parts > limits.maxParts) {
      this.fail(limitExceeded(`Too many parts: at most ${limits.maxParts} are accepted`, "maxParts"));
      return false;
    }
    return true;
  }

  private readonly onField = (name: string | undefined, value: string, info: FieldInfo): void => {
    if (this.settled || !this.countPart("fields") || name === undefined) return;
    if (info.valueTruncated) return void this.fail(this.fieldTooLarge(name));
    this.entries.add(name, value);
  };

  private fieldTooLarge(name: string) {
    return limitExceeded(`Field ${quoteName(name)} is larger than the limit of ${this.plan.limits.maxFieldSize} bytes`, "maxFieldSize");
  }

  private readonly onFile = (name: string | undefined, stream: Readable, info: FileInfo): void => {
    stream.on("error", () => undefined); // a destroyed part stream must not crash the process; `fail` reports
    if (this.settled) return void stream.resume();
    const { filename, mimeType } = info;
    // busboy calls a part without a filename a file when it is application/octet-stream; HTML forms call it a field.
    if (filename === undefined) {
      if (!this.countPart("fields") || name === undefined) return void stream.resume();
      return this.await(
        name,
        receiveText(stream, this.plan.limits.maxFieldSize, () => this.fieldTooLarge(name)),
      );
    }
    if (!this.countPart("files")) return void stream.resume();
    const cap = name === undefined ? undefined : this.plan.files.get(name);
    if (name === undefined || cap === undefined) return void stream.resume();
    const tooLarge = () => limitExceeded(`File ${quoteName(name)} is larger than the limit of ${cap.maxSize} bytes`, cap.limitName);
    const upload = { filename, contentType: mimeType, headers: { "content-type": mimeType } };
    this.await(name, receiveFile(stream, this.store, cap.maxSize, tooLarge, upload));
  };

  private await(name: string, value: Promise<FormValue | undefined>): void {
    value.catch((error) => this.fail(error));
    this.pending.push({ name, value });
  }

  private async finish(): Promise<void> {
    try {
      for (const part of this.pending) {
        const value = await part.value;
        if (value !== undefined) this.entries.add(part.name, value);
      }
    } catch (error) {
      return void this.fail(error);
    }
    if (this.settled) return;
    this.settled = true;
    this.pump.stop(false);
    this.resolve(this.entries);
  }

  /** Stops reading: the rest of the body is discarded (so the answer can still be written), the parser dropped. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.pump.stop(!(error instanceof ClientDisconnected));
    this.parser?.destroy();
    this.reject(error);
  }
}
