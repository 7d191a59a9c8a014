import { Dependency } from "../dependencies/depends.ts";
import type { DependencyContext, Simplify } from "../types.ts";
import { HTTPException } from "../http/exceptions.ts";
import { RequestValidationError, type ValidationIssue } from "../params/issues.ts";
import { t } from "../params/schema.ts";

/** The OAuth2 password grant a client posts to the token URL (FastAPI's `OAuth2PasswordRequestForm`, camelCased). */
export interface OAuth2PasswordRequest {
  /** `"password"` when sent (required with `{ strict: true }`). */
  grantType: string | undefined;
  username: string;
  password: string;
  /** The `scope` field split on whitespace. */
  scopes: string[];
  clientId: string | undefined;
  clientSecret: string | undefined;
}

export interface OAuth2PasswordRequestFormOptions {
  /** Require `grant_type=password`, as the OAuth2 spec does (FastAPI's `OAuth2PasswordRequestFormStrict`). */
  strict?: boolean;
}

/**
 * The form the typed client sends to a route using `OAuth2PasswordRequestForm` (its `form` input), with the
 * OAuth2 field names. `grant_type` is required, and must be "password", with `{ strict: true }`.
 */
export type OAuth2PasswordRequestFormInput<O extends OAuth2PasswordRequestFormOptions = {}> = Simplify<
  (O extends { strict: true } ? { grant_type: "password" } : { grant_type?: string }) & {
    username: string;
    password: string;
    scope?: string;
    client_id?: string;
    client_secret?: string;
  }
>;

/** Type-level only: the client part of the dependency (src/dependencies/depends.ts `ClientPart`). */
type PasswordFormClientPart<O extends OAuth2PasswordRequestFormOptions> = { form: OAuth2PasswordRequestFormInput<O> };

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;
const GRANT_PATTERN = "^password$";

/**
 * Reads the OAuth2 password grant from an `application/x-www-form-urlencoded` body: `username`, `password`,
 * `scope`, `grant_type`, `client_id`, `client_secret`. Missing fields → 422 in FastAPI's shape
 * (`loc: ["body", "username"]`), all at once; the app's or route's body limit applies (413).
 * @example
 * app.post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, async ({ deps }) => {
 *   const user = await authenticate(deps.form.username, deps.form.password);
 *   if (!user) throw new HTTPException(400, "Incorrect username or password");
 *   return { access_token: issueToken(user, deps.form.scopes), token_type: "bearer" };
 * });
 */
export function OAuth2PasswordRequestForm<const O extends OAuth2PasswordRequestFormOptions = {}>(
  options?: O,
): Dependency<OAuth2PasswordRequest, {}, PasswordFormClientPart<O>> {
  const strict = options?.strict ?? false;
  // The form is read by the function below, never by the endpoint: the client part is only a type (no `form` in
  // the spec at runtime), and OpenAPI learns about the body from `meta.requestBody`.
  const dependency = new Dependency<OAuth2PasswordRequest, {}, PasswordFormClientPart<O>>(async function OAuth2PasswordRequestForm(
    ctx: DependencyContext,
  ) {
    return parsePasswordRequest(await readForm(ctx), strict);
  }, {});
  dependency.meta = { requestBody: { mediaType: "application/x-www-form-urlencoded", schema: formSchema(strict) } };
  return dependency;
}

async function readForm(ctx: DependencyContext): Promise<URLSearchParams> {
  const { request } = ctx;
  const text = await request.text();
  const contentType = request.headers.get("content-type");
  if (text.length > 0 && (contentType === null || !FORM_TYPE.test(contentType))) {
    const type = contentType?.split(";")[0] ?? "none";
    throw new HTTPException(415, `Unsupported media type "${type}": send application/x-www-form-urlencoded`);
  }
  return new URLSearchParams(text);
}

function parsePasswordRequest(form: URLSearchParams, strict: boolean): OAuth2PasswordRequest {
  const issues: ValidationIssue[] = [];
  // As in FastAPI, an empty form field counts as not sent.
  const field = (name: string, required: boolean): string | undefined => {
    const value = form.get(name) || undefined;
    if (value === undefined && required) issues.push({ type: "missing", loc: ["body", name], msg: "Field required", input: null });
    return value;
  };
  const grantType = field("grant_type", strict);
  if (grantType !== undefined && !new RegExp(GRANT_PATTERN).test(grantType)) {
    issues.push({
      type: "string_pattern_mismatch",
      loc: ["body", "grant_type"],
      msg: `String should match pattern '${GRANT_PATTERN}'`,
      input: grantType,
      ctx: { pattern: GRANT_PATTERN },
    });
  }
  const username = field("username", true);
  const password = field("password", true);
  const scope = field("scope", false) ?? "";
  const clientId = field("client_id", false);
  const clientSecret = field("client_secret", false);
  if (issues.length > 0) throw new RequestValidationError(issues);
  return { grantType, username: username!, password: password!, scopes: scope.split(/\s+/).filter(Boolean), clientId, clientSecret };
}

/** The form as the OpenAPI generator documents it (FastAPI's field names and formats). */
function formSchema(strict: boolean) {
  const grantType = t.String({ pattern: GRANT_PATTERN });
  return t.Object({
    grant_type: strict ? grantType : t.Optional(grantType),
    username: t.String(),
    password: t.String({ format: "password" }),
    scope: t.String({ default: "" }),
    client_id: t.Optional(t.String()),
    client_secret: t.Optional(t.String({ format: "password" })),
  });
}
