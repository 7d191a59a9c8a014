/**
 * The reading half of a form route: encodings, multipart parsing (busboy) and spooling. Imported at the first form
 * request, so an app starts without any of it; `reader.ts` holds what registration needs.
 */
import type { Request } from "../http/request.ts";
import { unsupportedEncoding } from "../http/body.ts";
import { FormEntries } from "./entries.ts";
import { type FormEncoding, formEncodingOf } from "./media-type.ts";
import { readMultipart, type MultipartPlan } from "./multipart.ts";
import { readUrlencoded } from "./urlencoded.ts";
import { UploadStore } from "./upload-store.ts";

/** A form body's entries, and the store holding its spooled files (disposed here when reading fails). */
export async function readFormBody(
  request: Request,
  plan: MultipartPlan,
  acceptsUrlencoded: boolean,
): Promise<{ entries: FormEntries; store: UploadStore }> {
  const store = new UploadStore(plan.limits.spoolThreshold, plan.limits.tempDir);
  try {
    return { entries: await entriesOf(request, plan, acceptsUrlencoded, store), store };
  } catch (error) {
    await store.dispose();
    throw error;
  }
}

async function entriesOf(request: Request, plan: MultipartPlan, acceptsUrlencoded: boolean, store: UploadStore): Promise<FormEntries> {
  if (hasNoBody(request)) return new FormEntries();
  const encoded = unsupportedEncoding(request.raw);
  if (encoded) throw encoded;
  let encoding: FormEncoding;
  try {
    encoding = formEncodingOf(request.raw.headers["content-type"], acceptsUrlencoded);
  } catch (error) {
    if (request.app.settings.wrongContentType !== 422) throw error;
    // Starlette reads a body of another type as an empty form: each required field is then reported missing.
    await request.body();
    return new FormEntries();
  }
  if (encoding === "urlencoded") return readUrlencoded(request, plan.limits);
  return readMultipart(request, plan, store);
}

function hasNoBody(request: Request): boolean {
  const { headers } = request.raw;
  return headers["content-length"] === "0" || (headers["content-length"] === undefined && headers["transfer-encoding"] === undefined);
}
