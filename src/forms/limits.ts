/**
 * Limits on form bodies. Each one, when exceeded, answers 413 with a message that names it, so a client (or the
 * developer reading a log) knows which knob was hit.
 *
 * The body as a whole: a URL-encoded form is read into memory and capped by `bodyLimit` (route, else app, default
 * 1 MiB). A multipart body is streamed; it is capped by the route's own `bodyLimit` when the route sets one, and
 * otherwise by the app's `bodyLimit` (which budgets fields and part headers) plus each declared file field's
 * `maxSize` (times `maxItems`, or `maxFiles`, for a list of files). Files are never held whole in memory.
 * @example
 * const app = new App({ formLimits: { maxFiles: 5, maxFileSize: 50 * 1024 * 1024 } });
 * app.post("/import", { files: { archive: t.File() }, formLimits: { spoolThreshold: 0 } }, handler);
 */
export interface FormLimits {
  /** Size of one file when its `t.File()` sets no `maxSize`. Default 10 MiB. */
  maxFileSize: number;
  /** File parts in one request. Default 20. */
  maxFiles: number;
  /** Text fields in one request. Default 1000 (Starlette's). */
  maxFields: number;
  /** Bytes in one text field. Default 1 MiB (Starlette's `max_part_size`). */
  maxFieldSize: number;
  /** Parts (fields and files together) in one multipart request. Default 1000. */
  maxParts: number;
  /** Bytes in one part's headers. Default 8 KiB; at most 16 KiB, which the multipart parser enforces anyway. */
  maxPartHeaderSize: number;
  /** File bytes one request may keep in memory; beyond this, files are spooled to a temp file. Default 1 MiB. */
  spoolThreshold: number;
  /** Where spooled files go. Default: the OS temp directory at the time of the upload. */
  tempDir: string | undefined;
}

/** The multipart parser's own cap on a part's headers. */
export const PARSER_MAX_PART_HEADER_SIZE = 16 * 1024;

export const DEFAULT_FORM_LIMITS: Readonly<FormLimits> = Object.freeze({
  maxFileSize: 10 * 1024 * 1024,
  maxFiles: 20,
  maxFields: 1000,
  maxFieldSize: 1024 * 1024,
  maxParts: 1000,
  maxPartHeaderSize: 8 * 1024,
  spoolThreshold: 1024 * 1024,
  tempDir: undefined,
});

/** Route limits over app limits over the defaults. */
export function resolveFormLimits(...layers: (Partial<FormLimits> | undefined)[]): FormLimits {
  const limits: FormLimits = { ...DEFAULT_FORM_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [keyof FormLimits, never][]) {
      if (value !== undefined) limits[key] = value;
    }
  }
  limits.maxPartHeaderSize = Math.min(limits.maxPartHeaderSize, PARSER_MAX_PART_HEADER_SIZE);
  return limits;
}
