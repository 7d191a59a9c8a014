// A deliberately cheap WebSocket client for load generation: raw TCP, a hand-made handshake, pre-masked frames,
// and a parser that only reads what it needs. The server, not the client, should be the bottleneck.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

const MASK = Buffer.from([0x12, 0x34, 0x56, 0x78]);

/** A masked client frame (text = opcode 1, pong = opcode 10). */
export function clientFrame(payload: Buffer, opcode = 0x1): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length]) : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  if (length > 0xffff) throw new RangeError("bench frames stay under 64 KiB");
  const masked = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ MASK[i & 3];
  return Buffer.concat([header, MASK, masked]);
}

export interface WsConnection {
  socket: Socket;
  /** Called for every text or binary message (the payload without copying when possible). */
  onMessage: (payload: Buffer) => void;
}

/**
 * Opens a WebSocket on `path`. Pings are answered with pongs (a framework's heartbeat must not drop the client);
 * a close frame destroys the socket.
 */
export function openWebSocket(port: number, path: string, onMessage: (payload: Buffer) => void): Promise<WsConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true });
    const key = randomBytes(16).toString("base64");
    let head = Buffer.alloc(0);
    let pending: Buffer | null = null;
    const connection: WsConnection = { socket, onMessage };
    const timer = setTimeout(() => fail(new Error(`handshake on ${path} timed out`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const onFrames = (chunk: Buffer) => {
      const data = pending === null ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      for (;;) {
        if (data.length - offset < 2) break;
        const opcode = data[offset] & 0x0f;
        let length = data[offset + 1] & 0x7f;
        let start = offset + 2;
        if (length === 126) {
          if (data.length - offset < 4) break;
          length = data.readUInt16BE(offset + 2);
          start = offset + 4;
        } else if (length === 127) {
          if (data.length - offset < 10) break;
          length = Number(data.readBigUInt64BE(offset + 2));
          start = offset + 10;
        }
        if (data.length < start + length) break;
        const payload = data.subarray(start, start + length);
        offset = start + length;
        if (opcode === 0x1 || opcode === 0x2) connection.onMessage(payload);
        else if (opcode === 0x9) socket.write(clientFrame(Buffer.from(payload), 0xa));
        else if (opcode === 0x8) socket.destroy();
      }
      pending = offset === data.length ? null : Buffer.from(data.subarray(offset));
    };
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      const status = head.subarray(0, head.indexOf("\r\n")).toString("latin1");
      if (!/^HTTP\/1\.1 101/.test(status)) return fail(new Error(`handshake on ${path} refused: ${status}`));
      clearTimeout(timer);
      socket.off("data", onHead);
      socket.on("data", onFrames);
      const rest = head.subarray(end + 4);
      resolve(connection);
      if (rest.length > 0) onFrames(rest);
    };
    socket.on("data", onHead);
    socket.on("error", (error) => fail(error));
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

/** Opens `count` connections, `batch` handshakes at a time. */
export async function openMany(count: number, batch: number, open: (index: number) => Promise<WsConnection>): Promise<WsConnection[]> {
  const all: WsConnection[] = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    all.push(...(await Promise.all(Array.from({ length: size }, (_, k) => open(i + k)))));
  }
  return all;
}
