/**
 * Human-readable log lines for a terminal, in uvicorn's shape (`INFO:     message`), so a FastAPI user reads
 * Skiff's console like the one they know. Fields other than the message follow as `key=value`; an error's stack
 * follows on its own lines.
 */

export interface PrettyOptions {
  colors: boolean;
}

interface Writable {
  write(chunk: string): unknown;
}

const LABELS: Record<number, [label: string, color: number]> = {
  10: ["TRACE", 36],
  20: ["DEBUG", 36],
  30: ["INFO", 32],
  40: ["WARNING", 33],
  50: ["ERROR", 31],
  60: ["CRITICAL", 35],
};

const HIDDEN = new Set(["level", "time", "msg", "pid", "hostname", "err", "logger", "requestId"]);
// An access line already says all of this in its message.
const HIDDEN_ACCESS = new Set([...HIDDEN, "method", "path", "query", "status", "client", "durationMs", "httpVersion"]);

/** A pino destination that renders each JSON line for humans and writes it to `out`. */
export function prettyDestination(out: Writable, options: PrettyOptions): Writable {
  return { write: (line: string) => out.write(formatLine(line, options)) };
}

export function formatLine(line: string, { colors }: PrettyOptions): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  const paint = (code: number, text: string) => (colors ? `\x1b[${code}m${text}\x1b[0m` : text);
  const [label, color] = LABELS[record.level as number] ?? [String(record.level), 0];
  const access = record.logger === "skiff.access";
  let text = `${paint(color, `${label}:`)}${" ".repeat(Math.max(1, 10 - label.length - 1))}`;
  text += access ? paintStatus(String(record.msg ?? ""), Number(record.status), paint) : String(record.msg ?? "");
  if (access && record.durationMs !== undefined) text += ` ${record.durationMs}ms`;
  const hidden = access ? HIDDEN_ACCESS : HIDDEN;
  const fields = Object.entries(record).filter(([key]) => !hidden.has(key));
  if (fields.length > 0) text += ` ${paint(2, fields.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" "))}`;
  if (typeof record.requestId === "string") text += ` ${paint(2, `[${record.requestId}]`)}`;
  const err = record.err as { stack?: string; message?: string } | undefined;
  if (err) text += `\n${err.stack ?? err.message ?? JSON.stringify(err)}`;
  return `${text}\n`;
}

function paintStatus(message: string, status: number, paint: (code: number, text: string) => string): string {
  const at = message.lastIndexOf('" ');
  if (!Number.isInteger(status) || at === -1) return message;
  const color = status >= 500 ? 31 : status >= 400 ? 33 : status >= 300 ? 36 : 32;
  return `${message.slice(0, at + 2)}${paint(color, message.slice(at + 2))}`;
}
