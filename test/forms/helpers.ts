import { request as httpRequest } from "node:http";
import type { App } from "skiffjs";

export type Part =
  | { name: string; value: string; type?: string }
  | { name: string; filename: string; content: string | Uint8Array; type?: string; headers?: Record<string, string> };

export const BOUNDARY = "----skiff-test-boundary-7MA4YWxkTrZu0gW";

/** A multipart/form-data body built by hand, so tests control every byte the parser sees. */
export function multipart(parts: Part[], boundary = BOUNDARY): { body: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\ncontent-disposition: form-data; name="${part.name}"`;
    if ("filename" in part) head += `; filename="${part.filename}"`;
    head += "\r\n";
    if (part.type !== undefined) head += `content-type: ${part.type}\r\n`;
    else if ("filename" in part) head += "content-type: application/octet-stream\r\n";
    if ("headers" in part && part.headers) for (const [k, v] of Object.entries(part.headers)) head += `${k}: ${v}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`));
    chunks.push(Buffer.from("filename" in part ? part.content : part.value));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Starts the app on a free port; `close()` stops it. */
export async function listen(app: App<any, any>): Promise<{ port: number; url: string; close: () => Promise<void> }> {
  const server = await app.listen({ port: 0, gracefulTimeout: 200 });
  return { port: server.port, url: server.url, close: () => server.close() };
}

/** An HTTP POST over a real socket, answering status and body text; `chunked` sends no content-length. */
export function send(url: string, body: Buffer, headers: Record<string, string>, chunked = false): Promise<{ status: number; text: string }> {
  const length = chunked ? {} : { "content-length": String(body.length) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (!chunked) return void req.end(body);
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    req.end();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
