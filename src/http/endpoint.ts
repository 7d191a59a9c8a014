import { SkiffOptionError } from "../errors.ts";
import type { HttpRouteDefinition } from "../routing/definitions.ts";
import type { ResponseClass } from "../types.ts";
import { convertParams, type ParsedTemplate } from "../routing/template.ts";
import { compileValidator } from "../params/validator.ts";
import { compileSerializer } from "../params/serializer.ts";
import { compileShaping } from "../params/response-shaping.ts";
import { parseJsonBody } from "../params/json.ts";
import { bodyParams } from "../params/body-params.ts";
import { RequestValidationError, type ValidationIssue } from "../params/issues.ts";
import type { Overrides } from "../dependencies/plan.ts";
import { DependencyScope, resolvePlan } from "../dependencies/resolve.ts";
import type { CheckedPlan } from "../dependencies/params.ts";
import { CompiledParams } from "../routing/compiled-params.ts";
import { Response } from "../responses/response.ts";
import { toResponse } from "../responses/convert.ts";
import { isBodyless } from "../responses/write.ts";
import { FormReader, type DisposeUploads } from "../forms/reader.ts";
import type { FormLimits } from "../forms/limits.ts";
import { HTTPException } from "./exceptions.ts";
import { RequestContext } from "./context.ts";
import type { Request } from "./request.ts";
import { SkiffError } from "../errors.ts";

/** What every HTTP route of an app is compiled with. */
export interface EndpointEnv {
  bodyLimit: number;
  /** App-wide form limits; a route's `formLimits` override them. */
  formLimits?: Partial<FormLimits>;
  /** `app.dependencyOverrides` as they are at registration. */
  overrides: Overrides;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A route compiled once at registration: validators, serializer and dependency plan are built here, so a request
 * only runs them. `handle` never throws: errors become responses through the app's error rendering (reached
 * through the request's exchange, where work for after the response goes too).
 */
export class Endpoint {
  readonly definition: HttpRouteDefinition;
  readonly template: ParsedTemplate;
  /** Params extractors and dependency plan, compiled as a WebSocket route's are. */
  readonly params: CompiledParams;
  private readonly status: number;
  private readonly readsBody: boolean;
  private readonly bodyOptional: boolean;
  /** `Body({...})`: a missing body is checked as `{}`, so each required parameter is reported at `["body", name]`. */
  private readonly namedBody: boolean;
  private readonly bodyLimit: number;
  private readonly serialize: ((value: unknown) => { ok: true; json: string } | { ok: false; issues: ValidationIssue[] }) | undefined;
  private readonly validateBody: ((value: unknown) => { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] }) | undefined;
  private readonly form: FormReader | undefined;
  private readonly responseClass: ResponseClass | undefined;

  constructor(definition: HttpRouteDefinition, template: ParsedTemplate, env: EndpointEnv) {
    this.definition = definition;
    this.template = template;
    const { options } = definition;
    this.status = options.status ?? 200;
    this.responseClass = options.responseClass;
    this.bodyLimit = options.bodyLimit ?? env.bodyLimit;
    this.params = new CompiledParams(options, definition.deps, env.overrides);
    this.form = FormReader.compile(options, { bodyLimit: this.bodyLimit, formLimits: env.formLimits });
    this.readsBody = options.body !== undefined || this.form !== undefined;
    this.bodyOptional = (options.body as { "~optional"?: boolean } | undefined)?.["~optional"] === true;
    this.namedBody = bodyParams(options.body) !== undefined;
    this.validateBody = options.body !== undefined ? compileValidator(options.body, ["body"]) : undefined;
    this.serialize =
      options.response !== undefined ? compileSerializer(options.response, undefined, compileShaping(options.response, options)) : undefined;
    if (options.response === undefined && compileShaping(undefined, options) !== undefined) {
      throw new SkiffOptionError(
        `${definition.methods.join("/")} ${definition.path}: responseExclude*/responseInclude shape the response model; add a \`response\` schema.`,
      );
    }
  }

  /**
   * FastAPI's order: every dependency's params are checked (a dependency with invalid params, or below one, does not
   * run), the others run, then the route's own params and body are checked; the issues, if any, make one 422 in that
   * order. A dependency's error (a 401, a 400) therefore wins over a 422.
   */
  handle(request: Request, rawParams: Record<string, string>): Response | Promise<Response> {
    const ctx = new RequestContext(request, this.template.converts ? convertParams(rawParams, this.template) : rawParams);
    request.pathParams = ctx.path;
    try {
      const issues: ValidationIssue[] = [];
      const checked = this.params.check(ctx, request, issues);
      if (this.readsBody) return this.withBody(ctx, request, issues, checked);
      const out = checked === undefined ? this.invokeChecked(ctx, request, issues) : this.withDeps(ctx, request, issues, checked);
      return isPromiseLike(out) ? out.then(undefined, (error) => renderError(error, request)) : out;
    } catch (error) {
      return renderError(error, request);
    }
  }

  private async withBody(ctx: RequestContext, request: Request, issues: ValidationIssue[], checked: CheckedPlan | undefined): Promise<Response> {
    let disposeUploads: DisposeUploads | undefined;
    try {
      request.bodyLimit = this.bodyLimit;
      let received: unknown;
      if (this.form) disposeUploads = await this.form.read(ctx, request, issues);
      else received = this.readJson(ctx, request, await request.body(), issues);
      const out = checked === undefined ? this.invokeChecked(ctx, request, issues, received) : this.withDeps(ctx, request, issues, checked, received);
      return isPromiseLike(out) ? await out : out;
    } catch (error) {
      return renderError(error, request);
    } finally {
      // Chained last: background tasks and dependency teardown may still read the uploaded files.
      if (disposeUploads) request.exchange.addAfter(disposeUploads);
    }
  }

  /**
   * Sync once the body is in: every `await` between the body and the handler costs a turn of the microtask queue.
   * Gives back the body as received, for `RequestValidationError.body`.
   */
  private readJson(ctx: RequestContext, request: Request, raw: Buffer, issues: ValidationIssue[]): unknown {
    const body = parseJson(request, raw);
    // Undecodable JSON is answered at once, before any dependency runs, as FastAPI does.
    if (!body.ok) throw new RequestValidationError(body.issues, raw.toString("utf8"));
    if (body.value === undefined) {
      if (this.namedBody) this.validateNamedParams(ctx, issues);
      else if (!this.bodyOptional) issues.push({ type: "missing", loc: ["body"], msg: "Field required", input: null });
      return undefined;
    }
    const validated = this.validateBody!(body.value);
    if (validated.ok) ctx.body = validated.value;
    else if (this.namedBody) pushNamedParamIssues(validated.issues, issues);
    else issues.push(...validated.issues);
    return body.value;
  }

  /** No body for `Body({...})`: defaults fill optional parameters; each required one is missing. */
  private validateNamedParams(ctx: RequestContext, issues: ValidationIssue[]): void {
    const validated = this.validateBody!({});
    if (validated.ok) ctx.body = validated.value;
    else pushNamedParamIssues(validated.issues, issues);
  }

  private invokeChecked(ctx: RequestContext, request: Request, issues: ValidationIssue[], received?: unknown): Response | Promise<Response> {
    if (issues.length > 0) throw new RequestValidationError(issues, received);
    return this.invoke(ctx, request);
  }

  /**
   * Dependencies, then the handler. When anything fails, the error is thrown into the generator dependencies before
   * the error response is made (one may answer with another error); when all went well they finish after the
   * response is sent.
   */
  private async withDeps(
    ctx: RequestContext,
    request: Request,
    issues: ValidationIssue[],
    checked: CheckedPlan,
    received?: unknown,
  ): Promise<Response> {
    const scope = new DependencyScope();
    try {
      ctx.deps = await resolvePlan(this.params.plan, new DependencyBase(ctx), scope, checked);
      return await this.invokeChecked(ctx, request, issues, received);
    } catch (error) {
      const { errors } = request.exchange;
      const answer = scope.size > 0 ? await scope.unwind(error, (e) => errors.report(e, request)) : error;
      return await errors.render(answer, request);
    } finally {
      if (scope.size > 0) {
        const { exchange } = request;
        exchange.addAfter(() => scope.close(undefined, (e) => exchange.errors.report(e, request)));
      }
    }
  }

  private invoke(ctx: RequestContext, request: Request): Response | Promise<Response> {
    const result = this.definition.handler(ctx);
    if (isPromiseLike(result)) return Promise.resolve(result).then((value) => this.finish(value, ctx, request));
    return this.finish(result, ctx, request);
  }

  private finish(result: unknown, ctx: RequestContext, request: Request): Response | Promise<Response> {
    const defaults = ctx.responseDefaults;
    const status = defaults?.status ?? this.status;
    let response: Response;
    if (this.serialize !== undefined && !(result instanceof Response)) {
      const out = this.serialize(result);
      if (!out.ok) throw new ResponseValidationError(out.issues, this.definition);
      response = new Response(isBodyless(status) ? null : out.json, { status, mediaType: "application/json" });
    } else if (this.responseClass !== undefined && !(result instanceof Response)) {
      // Only a status someone chose: a class's own default (a redirect's 307) stands otherwise.
      const chosen = defaults?.status ?? this.definition.options.status;
      response = new this.responseClass(result, chosen === undefined ? {} : { status: chosen });
    } else {
      response = toResponse(result, status);
      if (defaults?.status !== undefined && result instanceof Response === false) response.status = status;
    }
    defaults?.applyTo(response);
    const background = ctx.backgroundTasks;
    if (background && background.size > 0) {
      const { exchange } = request;
      exchange.addAfter(() => background.run((e) => exchange.errors.report(e, request)));
    }
    // Prepared here (a FileResponse stats its file, answers Range/If-None-Match) so middleware sees the final response.
    return request.exchange.prepare(response, request) ?? response;
  }
}

/** A missing body parameter is reported with input null, as FastAPI checks each parameter on its own. */
function pushNamedParamIssues(found: ValidationIssue[], issues: ValidationIssue[]): void {
  for (const issue of found) issues.push(issue.type === "missing" && issue.loc.length === 2 ? { ...issue, input: null } : issue);
}

/** A handler's output broke its `response` schema: a server bug, answered 500 and logged with the field. */
export class ResponseValidationError extends SkiffError {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], definition: HttpRouteDefinition) {
    super(
      "SKIFF_RESPONSE_VALIDATION",
      `Response of ${definition.methods.join("/")} ${definition.path} does not match its schema: ` +
        issues.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; "),
    );
    this.issues = issues;
  }
}

/** The app's answer to an error, through the request's exchange. */
function renderError(error: unknown, request: Request): Response | Promise<Response> {
  return request.exchange.errors.render(error, request);
}

function parseJson(request: Request, raw: Buffer): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  const contentType = request.head.headers["content-type"] as string | undefined;
  if (raw.length === 0) return { ok: true, value: undefined };
  if (contentType !== undefined && !JSON_TYPE.test(contentType)) {
    // FastAPI validates such a body as the text it is.
    if (request.app.settings.wrongContentType === 422) return { ok: true, value: raw.toString("utf8") };
    throw new HTTPException(415, `Unsupported media type "${contentType.split(";")[0]}": send application/json`);
  }
  return parseJsonBody(raw.toString("utf8"));
}

/**
 * What dependencies see: the request's raw params (a dependency's declared ones replace them) and the route's body.
 * A class, as `DependencyCall`: prototype getters stay lazy without V8's slow path for literals with getters.
 */
class DependencyBase {
  readonly websocket = undefined;
  readonly #ctx: RequestContext;

  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  get path(): unknown {
    return this.#ctx.path;
  }
  get query(): unknown {
    return this.#ctx.request.queryObject;
  }
  get headers(): unknown {
    return this.#ctx.request.head.headers;
  }
  get cookies(): unknown {
    return this.#ctx.request.cookies;
  }
  get body(): unknown {
    return this.#ctx.body;
  }
  get request(): unknown {
    return this.#ctx.request;
  }
  get response(): unknown {
    return this.#ctx.response;
  }
  get background(): unknown {
    return this.#ctx.background;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
