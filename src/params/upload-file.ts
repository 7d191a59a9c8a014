import type { Blob } from "node:buffer";

export interface UploadFileInit {
  filename: string;
  /** Defaults to `application/octet-stream`, as a multipart part without a Content-Type means. */
  contentType?: string;
  /** The content, in memory or as a Blob (a Blob from `fs.openAsBlob` keeps a spooled upload on disk). */
  data: Uint8Array | Blob;
  /** The part's own headers, lowercased. */
  headers?: Record<string, string>;
}

/**
 * A file received in a multipart form (`files: { avatar: t.File() }`), read with the Web File API methods.
 * @example
 * app.post("/avatar", { files: { avatar: t.File({ maxSize: 1_000_000 }) } }, async ({ files }) => {
 *   const bytes = new Uint8Array(await files.avatar.arrayBuffer());
 *   return { name: files.avatar.filename, size: files.avatar.size };
 * });
 */
export class UploadFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly #data: Uint8Array | Blob;

  constructor(init: UploadFileInit) {
    this.filename = init.filename;
    this.contentType = init.contentType ?? "application/octet-stream";
    this.#data = init.data;
    this.size = init.data instanceof Uint8Array ? init.data.byteLength : init.data.size;
    this.headers = init.headers ?? {};
  }

  async bytes(): Promise<Uint8Array> {
    if (this.#data instanceof Uint8Array) return this.#data.slice();
    return new Uint8Array(await this.#data.arrayBuffer());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    if (this.#data instanceof Uint8Array) return new TextDecoder().decode(this.#data);
    return this.#data.text();
  }

  stream(): ReadableStream<Uint8Array> {
    const data = this.#data;
    if (!(data instanceof Uint8Array)) return data.stream() as ReadableStream<Uint8Array>;
    return new ReadableStream<Uint8Array>({
      start(controller) {
        if (data.byteLength > 0) controller.enqueue(data.slice());
        controller.close();
      },
    });
  }

  toJSON(): { filename: string; contentType: string; size: number } {
    return { filename: this.filename, contentType: this.contentType, size: this.size };
  }
}
