import type { ResponseHeaders } from "../responses/headers.ts";

/** Adds a name to `Vary`, keeping what is there (a cache must key on every header any layer looked at). */
export function addVary(headers: ResponseHeaders, name: string): void {
  const existing = headers.get("vary");
  if (!existing) {
    headers.set("vary", name);
    return;
  }
  const names = existing.split(",").map((n) => n.trim().toLowerCase());
  if (names.includes("*") || names.includes(name.toLowerCase())) return;
  headers.set("vary", `${existing}, ${name}`);
}
