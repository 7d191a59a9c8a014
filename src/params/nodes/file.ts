/** `t.File()` fields: the value must be an UploadFile within the declared size and media types. */
import { UploadFile } from "../upload-file.ts";
import { report, type Node } from "../run-state.ts";
import type { FileOptions } from "../schema.ts";

/** Python's name for the type of a JSON value, as FastAPI's "Expected UploadFile, received: <class 'str'>" shows it. */
function pythonClass(value: unknown): string {
  if (typeof value === "string") return "<class 'str'>";
  if (typeof value === "boolean") return "<class 'bool'>";
  if (typeof value === "number") return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}

function mediaTypeMatcher(allowed: string | string[] | undefined): ((type: string) => boolean) | undefined {
  if (allowed === undefined) return undefined;
  const patterns = (Array.isArray(allowed) ? allowed : [allowed]).map((p) => p.toLowerCase());
  return (type) => {
    const essence = type.split(";")[0]!.trim().toLowerCase();
    return patterns.some((p) => (p.endsWith("/*") ? essence.startsWith(p.slice(0, -1)) : essence === p));
  };
}

export function fileNode(options: FileOptions): Node {
  const { maxSize } = options;
  const accepts = mediaTypeMatcher(options.contentType);
  const expected = [options.contentType ?? []]
    .flat()
    .map((p) => `'${p}'`)
    .join(", ");
  return (value, state) => {
    if (!(value instanceof UploadFile)) {
      const msg = `Value error, Expected UploadFile, received: ${pythonClass(value)}`;
      return report(state, "value_error", msg, value, { error: {} });
    }
    if (maxSize !== undefined && value.size > maxSize) {
      return report(state, "file_too_large", `File should be at most ${maxSize} bytes, not ${value.size}`, value, {
        max_size: maxSize,
        size: value.size,
      });
    }
    if (accepts !== undefined && !accepts(value.contentType)) {
      return report(state, "file_type", `File should be of type ${expected}, not '${value.contentType}'`, value, {
        expected,
        content_type: value.contentType,
      });
    }
    return value;
  };
}
