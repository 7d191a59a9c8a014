import type { Request } from "../http/request.ts";
import { FormEntries } from "./entries.ts";
import { limitExceeded, quoteName } from "./errors.ts";
import type { FormLimits } from "./limits.ts";

/**
 * Reads an `application/x-www-form-urlencoded` body (in memory: the request's `bodyLimit` caps it) into entries,
 * refusing more than `maxFields` fields or a value over `maxFieldSize` bytes.
 */
export async function readUrlencoded(request: Request, limits: FormLimits): Promise<FormEntries> {
  const text = (await request.body()).toString("utf8");
  const entries = new FormEntries();
  let fields = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++fields > limits.maxFields) throw limitExceeded(`Too many fields: at most ${limits.maxFields} are accepted`, "maxFields");
    if (Buffer.byteLength(value) > limits.maxFieldSize) {
      throw limitExceeded(`Field ${quoteName(name)} is larger than the limit of ${limits.maxFieldSize} bytes`, "maxFieldSize");
    }
    entries.add(name, value);
  }
  return entries;
}
