import { openAsBlob } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { UploadFile, type UploadFileInit } from "../params/upload-file.ts";
import type { UploadStore } from "./upload-store.ts";

export interface SpoolInfo {
  filename: string;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * One uploaded file being received: kept in memory while the request's memory budget allows, then moved to a temp
 * file (Starlette's SpooledTemporaryFile). Either way the result is an UploadFile; a spooled one reads from disk.
 */
export class SpooledFile {
  private chunks: Buffer[] = [];
  private inMemory = 0;
  private file: { path: string; handle: FileHandle } | undefined;
  size = 0;

  constructor(private readonly store: UploadStore) {}

  async write(chunk: Buffer): Promise<void> {
    this.size += chunk.length;
    if (this.file === undefined && this.store.reserveMemory(chunk.length)) {
      this.chunks.push(chunk);
      this.inMemory += chunk.length;
      return;
    }
    if (this.file === undefined) {
      this.file = await this.store.createTempFile();
      const buffered = this.chunks;
      this.chunks = [];
      for (const piece of buffered) await writeAll(this.file.handle, piece);
      this.store.releaseMemory(this.inMemory);
      this.inMemory = 0;
    }
    await writeAll(this.file.handle, chunk);
  }

  async finish(info: SpoolInfo): Promise<UploadFile> {
    if (this.file === undefined) {
      const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.inMemory);
      return new UploadFile({ ...info, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    }
    await this.store.closeHandle(this.file.handle);
    // fs.openAsBlob is typed with the DOM Blob; at runtime it is node:buffer's, which UploadFile takes.
    const blob = (await openAsBlob(this.file.path)) as unknown as UploadFileInit["data"];
    return new UploadFile({ ...info, data: blob });
  }
}

// A write on a regular file may be short; loop until every byte is down.
async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}
