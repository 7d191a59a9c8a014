import { setTimeout as sleep } from "node:timers/promises";
import { App, logger } from "skiffjs";

/** A stand-in for a database pool. */
const db = {
  connected: false,
  async connect() {
    this.connected = true;
  },
  async close() {
    this.connected = false;
  },
};

export const app = new App({
  title: "Shop",
  // Behind a proxy you control (nginx, a load balancer): believe its x-forwarded-proto and x-forwarded-host.
  trustProxy: process.env.BEHIND_PROXY === "1",
  // Startup before the first request, shutdown after the last (SIGTERM drains first).
  lifespan: async function* () {
    await db.connect();
    yield;
    await db.close();
    logger.info("database closed");
  },
})
  // Liveness: the process answers. Readiness: it can do its work (load balancers stop sending traffic otherwise).
  .get("/healthz", () => ({ status: "ok" }))
  .get("/readyz", ({ response }) => {
    if (!db.connected) response.status = 503;
    return { database: db.connected };
  })
  .get("/where", ({ request }) => ({ url: request.url.href }))
  // A slow answer: a SIGTERM that arrives meanwhile lets it finish before the process exits.
  .get("/report", async () => {
    logger.info("building the report");
    await sleep(1000);
    return { rows: 3 };
  });
