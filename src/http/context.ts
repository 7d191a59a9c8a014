import type { Request } from "./request.ts";
import { ResponseDefaults } from "./response-defaults.ts";
import { BackgroundTasks } from "./background.ts";

/**
 * The handler's argument. Validated parts are assigned by the compiled endpoint; undeclared parts fall back to the
 * raw request on first read, and the response helpers are created only when touched.
 */
export class RequestContext {
  path: Record<string, unknown>;
  body: unknown = undefined;
  readonly request: Request;
  private _files?: Record<string, unknown>;
  private _deps?: Record<string, unknown>;
  private _query?: Record<string, unknown>;
  private _headers?: Record<string, unknown>;
  private _cookies?: Record<string, unknown>;
  private _response?: ResponseDefaults;
  private _background?: BackgroundTasks;

  constructor(request: Request, path: Record<string, unknown>) {
    this.request = request;
    this.path = path;
  }

  /** Uploaded files of a form route; an empty object elsewhere (made on first read). */
  get files(): Record<string, unknown> {
    return (this._files ??= {});
  }
  set files(value: Record<string, unknown>) {
    this._files = value;
  }

  /** Resolved dependencies by name; an empty object for a route without any (made on first read). */
  get deps(): Record<string, unknown> {
    return (this._deps ??= {});
  }
  set deps(value: Record<string, unknown>) {
    this._deps = value;
  }

  get query(): Record<string, unknown> {
    return (this._query ??= this.request.queryObject);
  }
  set query(value: Record<string, unknown>) {
    this._query = value;
  }

  get headers(): Record<string, unknown> {
    return (this._headers ??= this.request.head.headers);
  }
  set headers(value: Record<string, unknown>) {
    this._headers = value;
  }

  get cookies(): Record<string, unknown> {
    return (this._cookies ??= this.request.cookies);
  }
  set cookies(value: Record<string, unknown>) {
    this._cookies = value;
  }

  get response(): ResponseDefaults {
    return (this._response ??= new ResponseDefaults());
  }

  get background(): BackgroundTasks {
    return (this._background ??= new BackgroundTasks());
  }

  /** Set only if the handler touched `response`; avoids allocating it on the hot path. */
  get responseDefaults(): ResponseDefaults | undefined {
    return this._response;
  }

  get backgroundTasks(): BackgroundTasks | undefined {
    return this._background;
  }
}
