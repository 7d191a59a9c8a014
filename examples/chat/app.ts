// Assembles the chat service from its parts. `main.ts` builds it from the environment; tests build their own.
import { APIRouter, App, JSONResponse, accessLog, requestId, securityHeaders, t, websocketAware, type Dependency, type Logger } from "skiffjs";
import { Broadcast } from "skiffjs/broadcast";
import { apiRouter } from "./api.ts";
import { DEFAULT_SERVICE, TokenService, httpUser, tokenRouter, websocketAuthentication, type Authorizer, type WebSocketPrincipal } from "./auth.ts";
import { checkListenHost, type ChatConfig } from "./config.ts";
import { chatHandlers } from "./handlers.ts";
import { HashGate } from "./hash-gate.ts";
import { counterStore, loginRateLimits } from "./login-limits.ts";
import { ChatOut, MAX_EVENT_BYTES } from "./messages.ts";
import { ChatRooms } from "./rooms.ts";
import { SayLimit } from "./say-limit.ts";
import { ChatSession } from "./session.ts";
import { createStore, type ChatStore } from "./store.ts";
import { publicFiles, uiRouter } from "./ui.ts";
import { UserStore } from "./users.ts";

export interface ChatAppOptions {
  /** More services for `/ws/chat?service=…`, next to "chat" (the JWTs `/token` issues). */
  authorizers?: Record<string, Authorizer>;
  /** Where logs go (default: Skiff's logger — JSON lines, pretty in a terminal). */
  logger?: Logger;
  /** History and room list (default: from BROADCAST_URL, see store.ts). */
  store?: ChatStore;
}

const Status = t.Object({ status: t.String() });

export function createApp(config: ChatConfig, options: ChatAppOptions = {}) {
  const users = UserStore.load(config.usersFile, new HashGate(config.hashConcurrency, config.hashConcurrency * 16));
  const tokens = new TokenService(config.jwtSecret, config.serviceName, config.tokenTtl, users);
  const authorizers: Record<string, Authorizer> = { [DEFAULT_SERVICE]: (token) => tokens.verify(token), ...options.authorizers };
  const currentUser = httpUser(tokens);
  const websocketUser: Dependency<WebSocketPrincipal, any> = websocketAuthentication(authorizers);

  const store = options.store ?? createStore(config.broadcastUrl);
  const counts = counterStore(config.broadcastUrl);
  const broadcast = new Broadcast(config.broadcastUrl, {
    // Lets a reconnecting client resume from its last event id; as many events as fit in roomLogBytes at the largest.
    streams: { maxLength: Math.floor(config.roomLogBytes / MAX_EVENT_BYTES) },
    presence: { ttl: 15_000 },
    onError: (error) => app.logger.warn({ err: error }, "broadcast connection problem"),
  });
  const idleMs = config.roomIdleSeconds * 1000;
  const rooms = new ChatRooms(
    broadcast,
    store,
    { history: { keep: config.historySize, maxBytes: config.roomLogBytes, idleMs }, maxRooms: config.roomLimit, defaultRooms: config.defaultRooms },
    (error, what, room) => app.logger.warn({ err: error, room }, what),
  );
  const sayLimit = new SayLimit(counts, config.sayLimit.max, config.sayLimit.windowSeconds, (error) =>
    app.logger.warn({ err: error }, "say counter unavailable"),
  );

  const ws = new APIRouter({ prefix: "/ws", tags: ["websocket"] }).websocket(
    "/chat",
    {
      query: {
        token: t.Optional(t.String({ description: "A bearer token from POST /token" })),
        service: t.Optional(t.String({ description: `Which authorizer checks the token (default "${DEFAULT_SERVICE}")` })),
      },
      deps: { auth: websocketUser },
      messages: { in: chatHandlers, out: ChatOut },
      summary: "Chat: join rooms, talk, see who is online and typing",
    },
    async (socket, { deps, request }) => {
      const { user, service } = deps.auth;
      await socket.accept();
      // Every line of this connection carries its id (and never the token).
      const log = request.app.logger.child({ requestId: socket.requestId, user: user.username });
      const session = new ChatSession(socket, user, rooms, sayLimit, log);
      log.info({ service }, "chat connected");
      try {
        await session.send({ type: "welcome", user, connectionId: socket.requestId, service });
        // Not JSON closes with 1007; a message the router does not accept gets an error frame and the chat goes on.
        for await (const message of socket.iterJson()) {
          try {
            await chatHandlers.dispatch(socket, message, session);
          } catch (error) {
            log.error({ err: error, messageType: (message as { type?: unknown }).type }, "message handler failed");
            await session.sendError("unavailable", "The chat could not handle this message now; try again");
          }
        }
      } finally {
        await session.close();
        log.info("chat disconnected");
      }
    },
  );

  const app = new App({
    title: "Skiff chat",
    version: "1.0.0",
    description: "The reference app: an authenticated real-time chat over WebSockets, scaled out through Redis.",
    debug: config.debug,
    logger: options.logger,
    // Docs only while debugging: a dev, test or local segment in SERVICE_NAME (config.ts).
    ...(config.debug ? {} : { docsUrl: null, redocUrl: null, openapiUrl: null, asyncapiUrl: null }),
    lifespan: async function* (app) {
      if (config.jwtSecretDefaulted) app.logger.warn("JWT_SECRET is not set: signing tokens with the development default");
      await broadcast.connect();
      try {
        await store.connect();
      } catch (error) {
        await broadcast.disconnect();
        throw error;
      }
      app.logger.info({ service: config.serviceName, debug: config.debug, broadcast: broadcast.backendName }, "chat service started");
      const sweeper = setInterval(() => void evictIdleRooms(rooms, app.logger), Math.min(idleMs / 4, 60_000));
      sweeper.unref();
      yield;
      clearInterval(sweeper);
      await broadcast.disconnect();
      await store.close();
      await counts.close?.();
    },
  })
    .get("/healthz", { response: Status, tags: ["health"], summary: "Liveness" }, () => ({ status: "ok" }))
    .get("/readyz", { tags: ["health"], summary: "Readiness: the broadcast and the store answer" }, async () => {
      const ready = broadcast.connected && (await store.ping());
      const body = { status: ready ? "ready" : "unavailable", broadcast: broadcast.backendName, store: store.kind };
      return ready ? body : new JSONResponse(body, { status: 503 });
    })
    .includeRouter(tokenRouter(users, tokens))
    .includeRouter(apiRouter(rooms, currentUser, sayLimit))
    .includeRouter(ws);

  const quiet = new Set(["/healthz", "/readyz", "/app.js"]);
  // WebSocket handshakes are access-logged too (as 101), with `?token=` redacted.
  app.use(requestId(), websocketAware(accessLog({ skip: (request) => quiet.has(request.path) })), browserHardening(config.debug));
  app.use(...loginRateLimits(config.loginLimits, counts));
  if (config.ui) app.use(publicFiles()).includeRouter(uiRouter(config.debug));
  // Every way of serving (`skiff run`, serve.ts) goes through listen: refuse there to expose the public default secret.
  const listen = app.listen.bind(app);
  app.listen = async (options = {}) => {
    checkListenHost(config, options.host ?? "127.0.0.1");
    return listen(options);
  };
  return app;
}

async function evictIdleRooms(rooms: ChatRooms, logger: Logger): Promise<void> {
  try {
    const evicted = await rooms.evictIdle();
    if (evicted.length > 0) logger.info({ rooms: evicted }, "forgot idle rooms");
  } catch (error) {
    logger.warn({ err: error }, "forgetting idle rooms failed");
  }
}

/**
 * helmet's defaults, tightened: the page is never framed; it talks only to its own origin (`'self'` covers
 * same-host ws:/wss:). Plain HTTP is fine while developing; elsewhere requests are upgraded to HTTPS.
 */
function browserHardening(debug: boolean) {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: { connectSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: debug ? null : true },
    },
    xFrameOptions: "DENY",
  });
}
