import type { Readable } from "node:stream";
import type { HTTPException } from "../http/exceptions.ts";
import type { UploadFile } from "../params/upload-file.ts";
import { SpooledFile, type SpoolInfo } from "./spool.ts";
import type { UploadStore } from "./upload-store.ts";

/**
 * Receives a file part into `store`, refusing it (with `tooLarge()`) as soon as it passes `maxSize`. A part with
 * an empty filename and no bytes is what a browser sends for a file input left blank: that is no file at all.
 */
export async function receiveFile(
  stream: Readable,
  store: UploadStore,
  maxSize: number,
  tooLarge: () => HTTPException,
  info: SpoolInfo,
): Promise<UploadFile | undefined> {
  const spool = new SpooledFile(store);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (spool.size + chunk.length > maxSize) throw tooLarge();
    await spool.write(chunk);
  }
  if (info.filename === "" && spool.size === 0) return undefined;
  return spool.finish(info);
}

/** Reads a text part the parser streamed (an octet-stream part without a filename), up to `maxSize` bytes. */
export async function receiveText(stream: Readable, maxSize: number, tooLarge: () => HTTPException): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxSize) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
