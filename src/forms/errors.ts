import { HTTPException } from "../http/exceptions.ts";

/** A form exceeded one of its limits: 413, naming the limit so the client knows what to change. */
export function limitExceeded(what: string, limitName: string): HTTPException {
  return new HTTPException(413, `${what} (${limitName})`);
}

/** A multipart body the parser could not read: 400, as Starlette answers a malformed form. */
export function malformedForm(reason: string): HTTPException {
  return new HTTPException(400, `Malformed multipart body: ${reason}`);
}

/** A client-chosen field name, quoted and cut short for an error message. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}
