import type { UploadFile } from "../params/upload-file.ts";

export type FormValue = string | UploadFile;

/**
 * A form's raw entries in the shape the params engine reads for `body` params: a key seen once holds its value, a
 * repeated key an array of them. No prototype, so `__proto__` or `constructor` are ordinary keys.
 */
export class FormEntries {
  readonly record: Record<string, FormValue | FormValue[]> = Object.create(null);

  add(name: string, value: FormValue): void {
    const existing = this.record[name];
    if (existing === undefined) this.record[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else this.record[name] = [existing, value];
  }
}
