import { HTTPException } from "../http/exceptions.ts";

export type FormEncoding = "urlencoded" | "multipart";

const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
const BOUNDARY = /;\s*boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i;

/**
 * The form encoding of a request, or 415 naming the accepted types. A route with file fields accepts only
 * multipart (a URL-encoded body cannot carry a file, so that is a client bug worth a clear answer).
 */
export function formEncodingOf(contentType: string | undefined, acceptsUrlencoded: boolean): FormEncoding {
  const essence = contentType?.split(";")[0].trim().toLowerCase() ?? "";
  if (essence === MULTIPART) return "multipart";
  if (essence === URLENCODED && acceptsUrlencoded) return "urlencoded";
  const accepted = acceptsUrlencoded ? `${URLENCODED} or ${MULTIPART}` : MULTIPART;
  const sent = essence === "" ? "Missing content-type" : `Unsupported media type "${essence}"`;
  throw new HTTPException(415, `${sent}: send ${accepted}`);
}

/** The multipart boundary parameter, or undefined when the content-type lacks one. */
export function boundaryOf(contentType: string): string | undefined {
  const match = BOUNDARY.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}
