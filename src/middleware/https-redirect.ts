import { RedirectResponse } from "../responses/response.ts";
import { websocketAware, type Middleware } from "./compose.ts";

/**
 * Redirects every plain `http` request to `https` (and `ws` handshakes to `wss`) with a 307, so the method and body
 * are kept (Starlette's `HTTPSRedirectMiddleware`). Behind a TLS-terminating proxy, set `trustProxy: true` on the app
 * so `x-forwarded-proto` tells which scheme the client used.
 * @example app.use(httpsRedirect())
 */
export function httpsRedirect(): Middleware {
  return websocketAware((request, next) => {
    if (request.scheme === "https") return next(request);
    const url = new URL(request.url);
    const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
    url.protocol = upgrade ? "wss:" : "https:";
    // An explicit :80 would send the TLS handshake to the plain port; 443 is the new scheme's default anyway.
    if (url.port === "80" || url.port === "443") url.port = "";
    return new RedirectResponse(url);
  });
}
