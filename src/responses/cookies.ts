import type { SetCookie } from "cookie";
import { requireDependency } from "../util/require-dependency.ts";

const { stringifySetCookie } = requireDependency("cookie") as typeof import("cookie");

/** Options of `response.setCookie`, camelCased from Starlette's `set_cookie`. */
export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "lax" | "strict" | "none";
  partitioned?: boolean;
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const cookie: SetCookie = { name, value, path: options.path ?? "/", sameSite: options.sameSite ?? "lax" };
  if (options.maxAge !== undefined) cookie.maxAge = options.maxAge;
  if (options.expires) cookie.expires = options.expires;
  if (options.domain) cookie.domain = options.domain;
  if (options.secure) cookie.secure = true;
  if (options.httpOnly) cookie.httpOnly = true;
  if (options.partitioned) cookie.partitioned = true;
  return stringifySetCookie(cookie);
}

export function expiredCookie(name: string, options: Omit<CookieOptions, "maxAge" | "expires"> = {}): string {
  return serializeCookie(name, "", { ...options, maxAge: 0, expires: new Date(0) });
}
