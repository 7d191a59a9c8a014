import { jwtVerify, SignJWT } from "jose";
import { App, Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm, t } from "skiffjs";
import { hashPassword, verifyPassword } from "./passwords.ts";

// In production the secret comes from the environment: `openssl rand -hex 32`.
const SECRET = new TextEncoder().encode(process.env.JWT_SECRET ?? "a-development-secret-of-at-least-32-chars");
const TOKEN_MINUTES = 30;

interface UserInDb {
  username: string;
  fullName: string;
  disabled: boolean;
  hashedPassword: string;
}

const users = new Map<string, UserInDb>([
  ["johndoe", { username: "johndoe", fullName: "John Doe", disabled: false, hashedPassword: await hashPassword("secret") }],
  ["alice", { username: "alice", fullName: "Alice Wonderson", disabled: true, hashedPassword: await hashPassword("secret2") }],
]);

async function authenticate(username: string, password: string): Promise<UserInDb | undefined> {
  const user = users.get(username);
  // Checking a password for an unknown user too keeps the answer's timing from telling which usernames exist.
  const ok = await verifyPassword(password, user?.hashedPassword ?? (await hashPassword("not-a-user")));
  return ok ? user : undefined;
}

const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token" }); // the token from `Authorization: Bearer …`

const currentUser = Depends({ deps: { token: oauth2 } }, async ({ deps }) => {
  const invalid = new HTTPException(401, "Could not validate credentials", { "www-authenticate": "Bearer" });
  try {
    const { payload } = await jwtVerify(deps.token, SECRET, { algorithms: ["HS256"] });
    const user = users.get(payload.sub ?? "");
    if (!user) throw invalid;
    return user;
  } catch {
    throw invalid; // a bad signature, an expired token, a user who is gone: all the same 401
  }
});

const activeUser = Depends({ deps: { user: currentUser } }, ({ deps }) => {
  if (deps.user.disabled) throw new HTTPException(400, "Inactive user");
  return deps.user;
});

const User = t.Object({ username: t.String(), fullName: t.String(), disabled: t.Boolean() }, { $id: "User" });

export const app = new App()
  .post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, async ({ deps }) => {
    const user = await authenticate(deps.form.username, deps.form.password);
    if (!user) throw new HTTPException(401, "Incorrect username or password", { "www-authenticate": "Bearer" });
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.username)
      .setExpirationTime(`${TOKEN_MINUTES}m`)
      .sign(SECRET);
    return { access_token: accessToken, token_type: "bearer" };
  })
  // `response: User` keeps hashedPassword out of the answer.
  .get("/users/me", { deps: { user: activeUser }, response: User }, ({ deps }) => deps.user);
