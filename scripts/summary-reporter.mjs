// A node:test reporter for scripts/test.mjs: one JSON line per finished test, so the script can print at the end which
// tests were skipped and why, and which failed, instead of leaving them in the middle of TAP. A suite counts only when
// it is skipped or failed as a whole (a skipped `describe` reports none of its tests).
import { relative } from "node:path";

export default async function* summaryReporter(source) {
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { name, file, skip, todo, details } = event.data;
    const status = event.type === "test:fail" ? "fail" : skip !== undefined ? "skip" : todo !== undefined ? "todo" : "pass";
    if (details?.type === "suite" && status === "pass") continue;
    const reason = status === "skip" ? skip : status === "todo" ? todo : undefined;
    yield `${JSON.stringify({ status, name, file: file ? relative(process.cwd(), file) : undefined, reason: reason === true ? "" : reason })}\n`;
  }
}
