import { ResponseHeaders } from "../responses/headers.ts";
import { expiredCookie, serializeCookie, type CookieOptions } from "../responses/cookies.ts";
import type { Response } from "../responses/response.ts";

/**
 * `ctx.response`: adjustments to the response the route sends (FastAPI's injected `Response` parameter). Headers and
 * cookies set here are added to whatever the handler returns; `status` replaces the route's default status.
 */
export class ResponseDefaults {
  status: number | undefined;
  private _headers?: ResponseHeaders;

  get headers(): ResponseHeaders {
    return (this._headers ??= new ResponseHeaders());
  }

  setCookie(name: string, value: string, options?: CookieOptions): void {
    this.headers.append("set-cookie", serializeCookie(name, value, options));
  }

  deleteCookie(name: string, options?: Omit<CookieOptions, "maxAge" | "expires">): void {
    this.headers.append("set-cookie", expiredCookie(name, options));
  }

  /** Copies the adjustments onto the outgoing response. */
  applyTo(response: Response): void {
    if (!this._headers) return;
    for (const [name, value] of this._headers) {
      if (name === "set-cookie") response.headers.append(name, value);
      else response.headers.set(name, value);
    }
  }
}
