import { App, logger } from "skiffjs";

// Tracebacks in 500 answers only while developing, as the seed's DEBUG rule: never in production.
const debug = /(^|[-_])(dev|test|local)([-_]|$)/.test(process.env.SERVICE_NAME ?? "");

export const app = new App({ debug })
  .get("/", () => {
    logger.info("computing the answer"); // carries the request id
    return { answer: 42 };
  })
  .get("/broken", () => {
    const config: Record<string, string> = {};
    return { length: config.missing!.length }; // a bug: TypeError
  });
