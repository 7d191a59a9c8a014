import { promisify } from "node:util";
import zlib from "node:zlib";

export type Encoding = "br" | "gzip";

export interface EncoderSettings {
  /** gzip level 1–9. */
  gzipLevel: number;
  /** Brotli quality 0–11. */
  brotliQuality: number;
}

const gzipAsync = promisify(zlib.gzip);
const brotliAsync = promisify(zlib.brotliCompress);

/** Compresses a whole body off the main thread (libuv's pool), so a large JSON body does not stall other requests. */
export function compressBody(encoding: Encoding, body: string | Uint8Array, settings: EncoderSettings): Promise<Buffer> {
  const input = typeof body === "string" ? Buffer.from(body) : body;
  if (encoding === "gzip") return gzipAsync(input, { level: settings.gzipLevel });
  return brotliAsync(input, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
    },
  });
}

/**
 * Compresses a streamed body chunk by chunk. Each source chunk is flushed through the encoder before the next is
 * read, so a client of a slow stream (progress, long polling) gets every chunk as it is produced, not when the
 * encoder's window fills. Stops the source when the consumer stops (client gone).
 */
export async function* compressStream(
  encoding: Encoding,
  source: AsyncIterable<string | Uint8Array>,
  settings: EncoderSettings,
): AsyncGenerator<Buffer> {
  const encoder = createEncoder(encoding, settings);
  const flushKind = encoding === "gzip" ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.BROTLI_OPERATION_FLUSH;
  const input = source[Symbol.asyncIterator]();
  let stopped = false;
  const pump = async () => {
    try {
      while (!stopped) {
        const step = await input.next();
        if (step.done || stopped) break;
        encoder.write(step.value);
        await new Promise<void>((resolve) => encoder.flush(flushKind, () => resolve()));
      }
      if (!stopped) encoder.end();
    } catch (error) {
      encoder.destroy(error as Error);
    }
  };
  void pump();
  try {
    for await (const chunk of encoder) yield chunk as Buffer;
  } finally {
    if (!encoder.writableEnded) {
      stopped = true;
      encoder.destroy();
      // Not awaited: a source parked in `next()` (waiting for events) would hold the response open forever.
      input.return?.()?.catch(() => {});
    }
  }
}

function createEncoder(encoding: Encoding, settings: EncoderSettings): zlib.Gzip | zlib.BrotliCompress {
  if (encoding === "gzip") return zlib.createGzip({ level: settings.gzipLevel });
  return zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality } });
}
