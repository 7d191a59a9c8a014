import { Response, type ResponseInit } from "./response.ts";

/**
 * A body produced chunk by chunk from an async iterable (or a Node stream). Each chunk waits for the socket to drain,
 * so a slow client cannot make the server buffer the whole stream.
 * @example return new StreamingResponse(generateCsvRows(), { mediaType: "text/csv" })
 */
export class StreamingResponse extends Response {
  constructor(content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, init: ResponseInit = {}) {
    super(toAsyncIterable(content), init);
  }
}

async function* toAsyncIterable(content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncIterable<string | Uint8Array> {
  yield* content;
}
