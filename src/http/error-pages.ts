import { HTMLResponse, PlainTextResponse, type Response } from "../responses/response.ts";
import type { Request } from "./request.ts";

/**
 * The 500 page. Without `debug` it says nothing about the server (no stack, path or library name); with `debug` it
 * shows the traceback — as HTML to a browser, as text otherwise (Starlette's ServerErrorMiddleware does the same).
 */
export function internalErrorResponse(error: unknown, request: Request, debug: boolean): Response {
  if (!debug) return new PlainTextResponse("Internal Server Error", { status: 500 });
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) {
    const title = escapeHtml(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return new HTMLResponse(
      `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
        `<style>body{font-family:system-ui,sans-serif;margin:2rem}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>` +
        `</head><body><h1>500 Server Error</h1><h2>${title}</h2><p>${escapeHtml(request.method)} ${escapeHtml(request.path)}</p>` +
        `<pre>${escapeHtml(stack)}</pre></body></html>`,
      { status: 500 },
    );
  }
  return new PlainTextResponse(stack, { status: 500 });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
