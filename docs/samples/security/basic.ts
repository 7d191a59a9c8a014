import { timingSafeEqual } from "node:crypto";
import { App, Depends, HTTPBasic, HTTPException } from "skiffjs";

const basic = HTTPBasic({ realm: "admin" });

/** Compares in constant time, so the answer's timing does not tell how much of a guess was right. */
function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const currentUsername = Depends({ deps: { credentials: basic } }, ({ deps }) => {
  const { username, password } = deps.credentials;
  // Both are checked whatever the first answer is: `&&` would skip the second compare.
  const userOk = same(username, "stanleyjobson");
  const passwordOk = same(password, "swordfish");
  if (!(userOk && passwordOk)) {
    throw new HTTPException(401, "Incorrect username or password", { "www-authenticate": 'Basic realm="admin"' });
  }
  return username;
});

export const app = new App().get("/users/me", { deps: { username: currentUsername } }, ({ deps }) => ({
  username: deps.username,
}));
