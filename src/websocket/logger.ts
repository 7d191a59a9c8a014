/**
 * The logging Skiff's WebSocket layer needs; pino's `(fields, message)` call shape, so a pino logger (or a child
 * bound to the request id) can be passed as is.
 */
export interface WebSocketLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  debug?(fields: Record<string, unknown>, message: string): void;
}

/** Used when the App passes no logger: errors and warnings go to stderr. */
export const consoleLogger: WebSocketLogger = {
  error: (fields, message) => console.error(message, fields),
  warn: (fields, message) => console.warn(message, fields),
};
