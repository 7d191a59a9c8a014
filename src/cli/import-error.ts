import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/**
 * What went wrong importing the user's app, as a developer needs it: a syntax or type-stripping error with file,
 * line, column and the compiler's message; an exception thrown while the module ran, with its stack.
 */
export function describeImportError(error: unknown, path: string): string {
  if (!(error instanceof Error)) return String(error);
  // tsx (esbuild) lists each problem as `file:line:column: ERROR: message` after a summary line.
  if (error.name === "TransformError") return error.message.split("\n").slice(1).join("\n").trim() || error.message;
  if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") return error.message.split("\n")[0];
  if (error instanceof SyntaxError) return locateSyntaxError(path) ?? `SyntaxError: ${error.message}`;
  return error.stack ?? `${error.name}: ${error.message}`;
}

/**
 * Node keeps the location of an ES module's syntax error out of the error object and prints it only when the
 * error goes uncaught, so the import is repeated, uncaught, in a child process and its report is read.
 */
function locateSyntaxError(path: string): string | undefined {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(path).href)})`],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  const lines = child.stderr.split("\n");
  const stackStart = lines.findIndex((line) => /^\s+at /.test(line));
  const report = lines
    .slice(0, stackStart === -1 ? lines.length : stackStart)
    .join("\n")
    .trim();
  return report.includes("SyntaxError") ? report.replace(/^file:\/\//, "") : undefined;
}
