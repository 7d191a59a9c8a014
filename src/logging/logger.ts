import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };
export type LogLevel = "critical" | "error" | "warning" | "info" | "debug" | "trace" | LevelWithSilent;

/** uvicorn's level names mapped onto pino's. */
export function toPinoLevel(level: LogLevel): LevelWithSilent {
  if (level === "critical") return "fatal";
  if (level === "warning") return "warn";
  return level;
}

/** Skiff's default logger: JSON lines to stdout, secrets redacted. */
export function createLogger(level: LogLevel = "info"): Logger {
  return pino({
    level: toPinoLevel(level),
    base: undefined,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers.cookie", "token", "password"],
      censor: "[redacted]",
    },
  });
}
