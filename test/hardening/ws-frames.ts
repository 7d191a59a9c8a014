import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { rawSocket } from "./helpers.ts";

export interface FrameOptions {
  fin?: boolean;
  /** RSV1–3 bits as a number 0–7. */
  rsv?: number;
  /** Clients must mask; `false` sends an unmasked (invalid) frame. */
  mask?: boolean;
  /** Claim this payload length in the header instead of the real one (the payload is still what is given). */
  claimedLength?: bigint;
}

/** One WebSocket frame as a client would write it (or, with options, as a broken client would). */
export function frame(opcode: number, payload: Buffer | string = Buffer.alloc(0), options: FrameOptions = {}): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const { fin = true, rsv = 0, mask = true } = options;
  const length = options.claimedLength ?? BigInt(data.length);
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) head.push(maskBit | 126, Number(length >> 8n) & 0xff, Number(length) & 0xff);
  else {
    head.push(maskBit | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) head.push(Number((length >> shift) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), key, masked]);
}

export function closePayload(code: number, reason: Buffer | string = ""): Buffer {
  const text = typeof reason === "string" ? Buffer.from(reason) : reason;
  const out = Buffer.alloc(2 + text.length);
  out.writeUInt16BE(code, 0);
  text.copy(out, 2);
  return out;
}

/** A raw WebSocket connection after a successful handshake, collecting the server's frames. */
export interface RawWebSocket {
  socket: Socket;
  /** Resolves with the server's close code (1005 for an empty close frame, null if the TCP connection ended first). */
  closeCode: Promise<number | null>;
  frames: { opcode: number; payload: Buffer }[];
}

/** Opens `path` with a hand-written handshake (so broken frames can follow). Rejects unless the answer is 101. */
export async function openRawWebSocket(port: number, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
  const socket = await rawSocket(port);
  const key = randomBytes(16).toString("base64");
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
  );
  let buffer = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      const head = buffer.subarray(0, end).toString("latin1");
      buffer = buffer.subarray(end + 4);
      if (!head.startsWith("HTTP/1.1 101")) reject(new Error(`handshake refused: ${head.split("\r\n")[0]}`));
      else resolve();
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
  const frames: { opcode: number; payload: Buffer }[] = [];
  const closeCode = new Promise<number | null>((resolve) => {
    const parse = () => {
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        frames.push({ opcode, payload });
        if (opcode === 0x8) resolve(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      }
    };
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      parse();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(null));
    parse();
  });
  return { socket, closeCode, frames };
}
