import type { Request } from "../http/request.ts";
import type { RequestContext } from "../http/context.ts";
import type { ValidationIssue } from "../params/issues.ts";
import type { AnySchema, ParamShape } from "../params/schema.ts";
import { compileShape, type ShapeValidator } from "../params/validator.ts";
import { compileFileFields } from "./file-fields.ts";
import { formShapeOf } from "./form-shape.ts";
import { resolveFormLimits, type FormLimits } from "./limits.ts";
import type { MultipartPlan } from "./multipart.ts";
import type { UploadStore } from "./upload-store.ts";

// Parsing a form (busboy included) is a dozen modules an app without a form request never needs: loaded at the
// first one, which is async anyway.
let readBody: Promise<typeof import("./read-body.ts")> | undefined;

/** The route options a form reads. `formLimits` overrides the app's for one route. */
export interface FormRouteOptions {
  form?: AnySchema;
  files?: ParamShape;
  body?: AnySchema;
  bodyLimit?: number;
  formLimits?: Partial<FormLimits>;
}

export interface FormEnv {
  /** The body limit in force for the route (its own, else the app's). */
  bodyLimit: number;
  formLimits?: Partial<FormLimits>;
}

/** Deletes a request's temp files; safe to call more than once. */
export type DisposeUploads = () => Promise<void>;

/**
 * A route's form reading, compiled at registration: which encodings it accepts, its limits, and one validator over
 * fields and files together (so every issue of a request comes back at once, at `["body", field]`).
 */
export class FormReader {
  private readonly validate: ShapeValidator;
  private readonly formKeys: string[];
  private readonly fileKeys: string[];
  private readonly limits: FormLimits;
  private readonly plan: MultipartPlan;

  /** The reader for a route that declares `form` or `files`, else undefined. */
  static compile(options: FormRouteOptions, env: FormEnv): FormReader | undefined {
    if (options.form === undefined && options.files === undefined) return undefined;
    if (options.body !== undefined) {
      throw new TypeError("A route reads either a JSON `body` or a `form`/`files` body, not both.");
    }
    return new FormReader(options, env);
  }

  private constructor(options: FormRouteOptions, env: FormEnv) {
    this.limits = resolveFormLimits(env.formLimits, options.formLimits);
    const formShape = options.form === undefined ? {} : formShapeOf(options.form);
    const files = options.files ?? {};
    const fileFields = compileFileFields(files, this.limits);
    for (const name of Object.keys(files)) {
      if (Object.hasOwn(formShape, name)) throw new TypeError(`"${name}" is declared in both \`form\` and \`files\`.`);
    }
    this.formKeys = options.form === undefined ? [] : Object.keys(formShape);
    this.fileKeys = Object.keys(files);
    this.validate = compileShape("body", { ...formShape, ...files });
    let filesBudget = 0;
    for (const field of fileFields.values()) filesBudget += field.cap.maxSize * field.count;
    this.plan = {
      limits: this.limits,
      files: new Map([...fileFields].map(([name, field]) => [name, field.cap])),
      bodyLimit: options.bodyLimit ?? env.bodyLimit + filesBudget,
    };
  }

  /**
   * Reads and validates the form into `ctx.body` (fields) and `ctx.files`, pushing issues for a 422. Throws the
   * 4xx of a broken limit or encoding. Returns the cleanup of spooled temp files, if there are any: the caller
   * runs it after the response; it also runs when the connection closes, in case no response is ever written.
   */
  async read(ctx: RequestContext, request: Request, issues: ValidationIssue[]): Promise<DisposeUploads | undefined> {
    const { readFormBody } = await (readBody ??= import("./read-body.ts"));
    const { entries, store } = await readFormBody(request, this.plan, this.fileKeys.length === 0);
    const result = this.validate(entries.record);
    if (result.ok) {
      if (this.formKeys.length > 0 || this.fileKeys.length === 0) ctx.body = pick(result.value, this.formKeys);
      ctx.files = pick(result.value, this.fileKeys);
    } else {
      issues.push(...result.issues);
    }
    return store.hasTempFiles ? disposeOnClose(request, store) : undefined;
  }
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (!Object.hasOwn(source, key)) continue;
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// The after-response hook does not run when the client left before any response was written: the connection's
// close is the backstop, so a disconnect never strands a temp file.
function disposeOnClose(request: Request, store: UploadStore): DisposeUploads {
  const socket = request.raw.socket;
  const onClose = () => void store.dispose().catch((error) => request.app.reportError(error, request));
  socket?.once("close", onClose);
  return () => {
    socket?.off("close", onClose);
    return store.dispose();
  };
}
