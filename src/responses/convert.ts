import { JSONResponse, Response, stringifyJson } from "./response.ts";

const OCTET = "application/octet-stream";

/**
 * A handler's return value → the response FastAPI would send: JSON for plain values (a string becomes a JSON string,
 * `undefined` becomes `null`, `Set` an array, `Map` an object, `Date` an ISO string), raw bytes as
 * `application/octet-stream`, and a `Response` as it is.
 */
export function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (result instanceof Uint8Array) return new Response(result, { status, mediaType: OCTET });
  if (result instanceof ArrayBuffer) return new Response(new Uint8Array(result), { status, mediaType: OCTET });
  return new JSONResponse(result === undefined ? null : result, { status });
}

export { stringifyJson };
