import type { DestinationStream, Logger, LevelWithSilent } from "pino";
import { requireDependency } from "../util/require-dependency.ts";
import { CENSOR, REDACT_PATHS } from "./redact.ts";
import { serializers } from "./serializers.ts";
import { prettyDestination } from "./pretty.ts";

const { pino } = requireDependency("pino") as typeof import("pino");

export type { Logger };
/**
 * A log level: uvicorn's names (`warning`, `critical`) or pino's.
 */
export type LogLevel = "critical" | "error" | "warning" | "info" | "debug" | "trace" | LevelWithSilent;

/**
 * Options of `createLogger()`.
 */
export interface LoggerSettings {
  /** `"pretty"` for humans, `"json"` for machines; `"auto"` (default) is pretty when the destination is a terminal. */
  format?: "auto" | "json" | "pretty";
  /** Where lines go. Default stdout. */
  destination?: DestinationStream & { isTTY?: boolean };
}

/** uvicorn's level names mapped onto pino's. */
export function toPinoLevel(level: LogLevel): LevelWithSilent {
  if (level === "critical") return "fatal";
  if (level === "warning") return "warn";
  return level;
}

/**
 * Skiff's default logger: JSON lines (or uvicorn-like text in a terminal), with credentials and secret query
 * parameters redacted.
 * @example const logger = createLogger("debug", { format: "json" })
 */
export function createLogger(level: LogLevel = "info", settings: LoggerSettings = {}): Logger {
  const target = settings.destination ?? process.stdout;
  const format = settings.format ?? "auto";
  const pretty = format === "pretty" || (format === "auto" && target.isTTY === true);
  const options = {
    level: toPinoLevel(level),
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { ...serializers, err: pino.stdSerializers.err },
  };
  if (pretty) return pino(options, prettyDestination(target, { colors: target.isTTY === true && !process.env.NO_COLOR }));
  // Without an explicit destination pino writes to fd 1 through sonic-boom, faster than process.stdout.
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
