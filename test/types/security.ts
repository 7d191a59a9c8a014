// Type-level tests of the security schemes: the value each gives, and `undefined` only with `autoError: false`.
import {
  App,
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  HTTPBasic,
  HTTPBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  type HTTPAuthorizationCredentials,
  type HTTPBasicCredentials,
  type OAuth2PasswordRequest,
} from "skiffjs";
import type { Equal, Expect } from "./helpers.ts";

new App().get(
  "/",
  {
    deps: {
      bearer: HTTPBearer(),
      basic: HTTPBasic({ realm: "r" }),
      token: OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { me: "Me" } }),
      header: APIKeyHeader({ name: "x-key" }),
      query: APIKeyQuery({ name: "key" }),
      cookie: APIKeyCookie({ name: "key" }),
      form: OAuth2PasswordRequestForm(),
      maybeBearer: HTTPBearer({ autoError: false }),
      maybeToken: OAuth2PasswordBearer({ tokenUrl: "/token", autoError: false }),
      maybeKey: APIKeyHeader({ name: "x-key", autoError: false }),
      explicitTrue: HTTPBasic({ autoError: true }),
    },
  },
  ({ deps }) => {
    type _bearer = Expect<Equal<typeof deps.bearer, HTTPAuthorizationCredentials>>;
    type _bearerShape = Expect<Equal<HTTPAuthorizationCredentials, { scheme: string; credentials: string }>>;
    type _basic = Expect<Equal<typeof deps.basic, HTTPBasicCredentials>>;
    type _basicShape = Expect<Equal<HTTPBasicCredentials, { username: string; password: string }>>;
    type _token = Expect<Equal<typeof deps.token, string>>;
    type _header = Expect<Equal<typeof deps.header, string>>;
    type _query = Expect<Equal<typeof deps.query, string>>;
    type _cookie = Expect<Equal<typeof deps.cookie, string>>;
    type _form = Expect<Equal<typeof deps.form, OAuth2PasswordRequest>>;
    type _scopes = Expect<Equal<typeof deps.form.scopes, string[]>>;
    type _maybeBearer = Expect<Equal<typeof deps.maybeBearer, HTTPAuthorizationCredentials | undefined>>;
    type _maybeToken = Expect<Equal<typeof deps.maybeToken, string | undefined>>;
    type _maybeKey = Expect<Equal<typeof deps.maybeKey, string | undefined>>;
    type _explicitTrue = Expect<Equal<typeof deps.explicitTrue, HTTPBasicCredentials>>;
    return "ok";
  },
);

// @ts-expect-error OAuth2PasswordBearer needs its tokenUrl
OAuth2PasswordBearer({});
// @ts-expect-error an API key scheme needs its name
APIKeyHeader({});
