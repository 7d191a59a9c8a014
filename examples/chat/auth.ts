// Authentication: `POST /token` (OAuth2 password grant) issues HS256 JWTs; HTTP routes read them with
// OAuth2PasswordBearer; the WebSocket checks `?token=` with the authorizer its `?service=` names — the seed's
// `websocket_authentication`, answering {"status":40001,"message":"Authentication failed: …"} and closing with 4001.
import { SignJWT, errors, jwtVerify } from "jose";
import {
  APIRouter,
  Depends,
  HTTPException,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  WebSocketException,
  t,
  type DependencyContext,
} from "skiffjs";
import { LoginBusyError } from "./hash-gate.ts";
import type { User, UserStore } from "./users.ts";

/** Why a token was refused, in the words the client sees ("Authentication failed: token expired"). */
export interface Refusal {
  refused: string;
}

/** Checks a token for one service: the user, a refusal saying why, or undefined for "invalid token". */
export type Authorizer = (token: string) => Promise<User | Refusal | undefined>;

const INVALID: Refusal = { refused: "invalid token" };
const EXPIRED: Refusal = { refused: "token expired" };

/** The service a WebSocket names when it gives no `service` query parameter. */
export const DEFAULT_SERVICE = "chat";

export const AUTH_FAILED = 40001;

export class TokenService {
  readonly #key: Uint8Array;

  constructor(
    secret: string,
    private readonly issuer: string,
    readonly ttlSeconds: number,
    private readonly users: UserStore,
  ) {
    this.#key = new TextEncoder().encode(secret);
  }

  issue(user: User): Promise<string> {
    return new SignJWT({ name: user.fullName })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.username)
      .setIssuer(this.issuer)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.#key);
  }

  /**
   * The user a token names, if its signature and issuer check out, it has an expiry that has not passed (a token
   * without `exp` would be valid forever) and the user still exists; otherwise why not.
   */
  async verify(token: string): Promise<User | Refusal> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { issuer: this.issuer, algorithms: ["HS256"], requiredClaims: ["exp"] });
      return (typeof payload.sub === "string" && this.users.get(payload.sub)) || INVALID;
    } catch (error) {
      return error instanceof errors.JWTExpired ? EXPIRED : INVALID;
    }
  }
}

export const Token = t.Object({ access_token: t.String(), token_type: t.Literal("bearer"), expires_in: t.Integer() }, { $id: "Token" });
const Detail = t.Object({ detail: t.String() });

/** The `/token` route. */
export function tokenRouter(users: UserStore, tokens: TokenService) {
  return new APIRouter({ tags: ["auth"] }).post(
    "/token",
    {
      deps: { form: OAuth2PasswordRequestForm() },
      response: Token,
      responses: { 401: Detail, 429: Detail, 503: Detail },
      summary: "Log in: exchange a username and password for a bearer token",
    },
    async ({ deps }) => {
      const user = await users.authenticate(deps.form.username, deps.form.password).catch((error: unknown) => {
        if (error instanceof LoginBusyError) throw new HTTPException(503, "Too many logins at once; try again in a moment", { "retry-after": "1" });
        throw error;
      });
      if (!user) throw new HTTPException(401, "Incorrect username or password", { "www-authenticate": "Bearer" });
      return { access_token: await tokens.issue(user), token_type: "bearer" as const, expires_in: tokens.ttlSeconds };
    },
  );
}

/** The current user of an HTTP request, from `Authorization: Bearer <jwt>`. */
export function httpUser(tokens: TokenService) {
  const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token" });
  return Depends({ deps: { token: oauth2 } }, async function currentUser({ deps }): Promise<User> {
    const user = await tokens.verify(deps.token);
    if (user === EXPIRED) {
      throw new HTTPException(401, "Token expired", { "www-authenticate": 'Bearer error="invalid_token", error_description="token expired"' });
    }
    if ("refused" in user) throw new HTTPException(401, "Could not validate credentials", { "www-authenticate": "Bearer" });
    return user;
  });
}

/** Logs why (never the token), answers like the seed, then closes with 4001 (the handler never runs). */
async function refuse(ctx: DependencyContext, why: string, service: string): Promise<never> {
  const ws = ctx.websocket!;
  ctx.request.app.logger.warn({ requestId: ws.requestId, service, reason: why }, "websocket authentication failed");
  await ws.accept();
  await ws.sendJson({ status: AUTH_FAILED, message: `Authentication failed: ${why}` });
  throw new WebSocketException(4001, `Authentication failed: ${why}`);
}

/** The authenticated user of a WebSocket, and the service that vouched for them. */
export interface WebSocketPrincipal {
  user: User;
  service: string;
}

/**
 * The seed's `websocket_authentication`: the authorizer is chosen by `?service=` (default "chat"), the token read
 * from `?token=`. Unknown service → "unsupported service"; no token → "token not found"; rejected → the authorizer's
 * reason ("token expired") or "invalid token".
 */
export function websocketAuthentication(authorizers: Readonly<Record<string, Authorizer>>) {
  return Depends(async function websocketAuthentication(ctx: DependencyContext): Promise<WebSocketPrincipal> {
    const ws = ctx.websocket!;
    const service = ws.queryParams.get("service") ?? DEFAULT_SERVICE;
    const authorize = Object.hasOwn(authorizers, service) ? authorizers[service] : undefined;
    if (!authorize) return refuse(ctx, "unsupported service", service);
    const token = ws.queryParams.get("token");
    if (!token) return refuse(ctx, "token not found", service);
    const user = (await authorize(token)) ?? INVALID;
    if ("refused" in user) return refuse(ctx, user.refused, service);
    return { user, service };
  });
}
