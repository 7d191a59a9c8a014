const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * Watches a multipart byte stream for part headers longer than a limit. The parser only reports "malformed" for
 * oversized headers; this finds the same delimiters (`\r\n--boundary`, then the blank line ending the headers) so
 * the answer can name the limit instead.
 */
export class PartHeaderMeter {
  private readonly delimiter: NeedleSearch;
  private readonly headerEnd = new NeedleSearch(HEADER_END);
  private state: "body" | "afterDelimiter" | "headers" | "done" = "body";
  private headerBytes = 0;

  constructor(
    boundary: string,
    private readonly maxHeaderSize: number,
  ) {
    this.delimiter = new NeedleSearch(Buffer.from(`\r\n--${boundary}`));
    // The first delimiter may open the body without a CRLF before it, as the parser also assumes.
    this.push(CRLF);
  }

  /** Feeds the next chunk; false once some part's headers went over the limit. */
  push(chunk: Buffer): boolean {
    let pos = 0;
    while (pos < chunk.length && this.state !== "done") {
      if (this.state === "body") {
        const end = this.delimiter.find(chunk, pos);
        if (end === -1) return true;
        pos = end;
        this.state = "afterDelimiter";
      } else if (this.state === "afterDelimiter") {
        // `--` right after the delimiter closes the body; anything else starts a part's headers.
        this.state = chunk[pos] === 0x2d ? "done" : "headers";
        this.headerBytes = 0;
        this.headerEnd.reset();
      } else {
        const end = this.headerEnd.find(chunk, pos);
        this.headerBytes += (end === -1 ? chunk.length : end) - pos;
        if (this.headerBytes > this.maxHeaderSize) return false;
        if (end === -1) return true;
        pos = end;
        this.state = "body";
        this.delimiter.reset();
      }
    }
    return true;
  }
}

/** Finds a byte sequence in a stream fed chunk by chunk, including matches split across chunks. */
class NeedleSearch {
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly needle: Buffer) {}

  reset(): void {
    this.tail = Buffer.alloc(0);
  }

  /** The offset just past the next match in `chunk` (searching from `from`), or -1 after remembering the tail. */
  find(chunk: Buffer, from: number): number {
    const n = this.needle.length;
    if (this.tail.length > 0) {
      const seam = Buffer.concat([this.tail, chunk.subarray(from, from + n - 1)]);
      const at = seam.indexOf(this.needle);
      if (at !== -1) {
        const end = from + at + n - this.tail.length;
        this.tail = Buffer.alloc(0);
        return end;
      }
    }
    const at = chunk.indexOf(this.needle, from);
    if (at !== -1) {
      this.tail = Buffer.alloc(0);
      return at + n;
    }
    const rest = chunk.subarray(from);
    this.tail = Buffer.from(rest.length >= n - 1 ? rest.subarray(rest.length - (n - 1)) : Buffer.concat([this.tail, rest]).subarray(-(n - 1)));
    return -1;
  }
}
