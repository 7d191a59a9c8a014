import { App, APIKeyHeader, APIKeyQuery, Depends, HTTPException } from "skiffjs";

const keys = new Set(["k3y-for-the-reports-service"]);

// The key from the `x-api-key` header or, failing that, the `api_key` query parameter. `autoError: false` makes a
// missing one `undefined` instead of a 401, so the two can be tried in turn.
const fromHeader = APIKeyHeader({ name: "x-api-key", autoError: false });
const fromQuery = APIKeyQuery({ name: "api_key", autoError: false });

const apiKey = Depends({ deps: { header: fromHeader, query: fromQuery } }, ({ deps }) => {
  const key = deps.header ?? deps.query;
  if (key === undefined) throw new HTTPException(401, "Not authenticated");
  if (!keys.has(key)) throw new HTTPException(403, "Invalid API key");
  return key;
});

export const app = new App().get("/reports", { deps: [apiKey] }, () => [{ id: 1, title: "Q3" }]);
