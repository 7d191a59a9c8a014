import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { PIPELINE } from "../internal/symbols.ts";
import { isRefused } from "./connections.ts";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Pipelined requests of one connection handled at once; later ones wait, and the connection is not read meanwhile. */
export const PIPELINE_DEPTH = 8;

interface Pipeline {
  /** Pipelined requests handed to the app whose responses have not finished. */
  handling: number;
  /** The response of the connection's latest pipelined request. */
  latest: ServerResponse | undefined;
  waiting: Array<[IncomingMessage, ServerResponse]>;
  /** A turn of the event loop is booked to hand on waiting requests. */
  scheduled: boolean;
  /** We stopped reading the connection. */
  stopped: boolean;
  onRequest: RequestListener;
}

// Node's own fields: the response being written (`_httpMessage`), and the socket's handle, which Node's HTTP parser
// reads directly (pausing the socket stream does not stop those reads).
type PipelinedSocket = Socket & {
  _httpMessage?: ServerResponse | null;
  _handle?: { reading?: boolean; readStop?(): number; readStart?(): number } | null;
  [PIPELINE]?: Pipeline;
};

/**
 * Node reads a connection in a burst (up to 32 reads of 64 KiB per turn of the event loop), parses every pipelined
 * request in it and hands each to the app at once, and the responses that finish then hand on the next ones without
 * the event loop ever turning: one connection that pipelines thousands of requests and never reads the answers
 * takes the server from every other client for seconds. Here a request that arrives while its connection's earlier
 * responses are unfinished is pipelined: at most {@link PIPELINE_DEPTH} of those are handled at a time, at most that
 * many more per turn of the event loop; the rest wait (in order, as their responses must be written), and the
 * connection is not read until they are through. A request alone on its connection goes straight through.
 */
export function limitPipelining(onRequest: RequestListener): RequestListener {
  return (req, res) => {
    const socket = req.socket as PipelinedSocket;
    if (isRefused(socket)) return; // answered 503 at accept; closed shortly
    const ahead = socket._httpMessage;
    if (ahead === res || ahead == null) return onRequest(req, res);
    const pipeline = (socket[PIPELINE] ??= { handling: 0, latest: undefined, waiting: [], scheduled: false, stopped: false, onRequest });
    pipeline.latest = res;
    if (pipeline.handling < PIPELINE_DEPTH && pipeline.waiting.length === 0) return handle(pipeline, req, res);
    pipeline.waiting.push([req, res]);
    stopReading(pipeline, socket);
  };
}

/**
 * Whether a later request of the same connection is still to be answered after `res` (it was pipelined behind it):
 * then `res` must not close the connection, or that request would go unanswered after its handler ran.
 */
export function hasRequestBehind(res: ServerResponse): boolean {
  const latest = (res.req.socket as PipelinedSocket | null)?.[PIPELINE]?.latest;
  return latest !== undefined && latest !== res && !latest.writableFinished;
}

function handle(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): void {
  pipeline.handling++;
  let done = false;
  const finished = () => {
    if (done) return;
    done = true;
    pipeline.handling--;
    if (pipeline.waiting.length > 0 && !pipeline.scheduled) {
      pipeline.scheduled = true;
      setImmediate(handOn, pipeline, req.socket as PipelinedSocket);
    }
  };
  res.once("finish", finished).once("close", finished);
  pipeline.onRequest(req, res);
}

/** The next waiting requests, in a later turn of the event loop than the responses that made room for them. */
function handOn(pipeline: Pipeline, socket: PipelinedSocket): void {
  pipeline.scheduled = false;
  if (socket.destroyed) {
    pipeline.waiting.length = 0;
    return;
  }
  while (pipeline.handling < PIPELINE_DEPTH && pipeline.waiting.length > 0) {
    const [req, res] = pipeline.waiting.shift()!;
    handle(pipeline, req, res);
  }
  if (pipeline.waiting.length === 0) startReading(pipeline, socket);
}

/** Stopped again for every request that has to wait: Node's own write backpressure may have restarted the reads. */
function stopReading(pipeline: Pipeline, socket: PipelinedSocket): void {
  const handle = socket._handle;
  if (!handle?.readStop) return;
  pipeline.stopped = true;
  handle.reading = false;
  handle.readStop();
}

function startReading(pipeline: Pipeline, socket: PipelinedSocket): void {
  const handle = socket._handle;
  if (!pipeline.stopped || !handle?.readStart) return;
  pipeline.stopped = false;
  handle.reading = true;
  handle.readStart();
}
