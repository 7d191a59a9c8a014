import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { isRefused } from "./connections.ts";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Pipelined requests of one connection handled at once; later ones wait, and the connection is not read meanwhile. */
export const PIPELINE_DEPTH = 8;

interface Pipeline {
  /** Pipelined requests handed to the app whose responses have not finished. */
  handling: number;
  waiting: Array<[IncomingMessage, ServerResponse]>;
}

// Node's own fields: the response being written (`_httpMessage`), the connection's parser, and `_paused`, set while
// Node itself holds the connection for its write backpressure (it resumes it on "drain").
type PipelinedSocket = Socket & {
  _httpMessage?: ServerResponse | null;
  _paused?: boolean;
  parser?: { pause(): void; resume(): void } | null;
  [PIPELINE]?: Pipeline;
};

const PIPELINE = Symbol("skiff.pipeline");

/**
 * Node parses every request of a chunk it reads (a 64 KiB read holds ~1,500 small pipelined requests) and hands
 * each to the app at once, so one connection that pipelines thousands of requests and never reads the answers
 * takes the event loop from every other client. Here a request that arrives while its connection's earlier
 * responses are unfinished is pipelined: at most {@link PIPELINE_DEPTH} of those are handled at a time, the rest
 * wait their turn (in order, as their responses must be written), and the connection is not read until they are
 * down. An ordinary request, alone on its connection, goes straight through.
 */
export function limitPipelining(onRequest: RequestListener): RequestListener {
  return (req, res) => {
    const socket = req.socket as PipelinedSocket;
    if (isRefused(socket)) return; // answered 503 at accept; closed shortly
    const ahead = socket._httpMessage;
    if (ahead === res || ahead == null) return onRequest(req, res);
    const pipeline = (socket[PIPELINE] ??= { handling: 0, waiting: [] });
    if (pipeline.handling < PIPELINE_DEPTH && pipeline.waiting.length === 0) return handle(pipeline, req, res, onRequest);
    pipeline.waiting.push([req, res]);
    socket.pause();
    socket.parser?.pause();
  };
}

function handle(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse, onRequest: RequestListener): void {
  pipeline.handling++;
  let done = false;
  const finished = () => {
    if (done) return;
    done = true;
    pipeline.handling--;
    next(pipeline, req.socket as PipelinedSocket, onRequest);
  };
  res.once("finish", finished).once("close", finished);
  onRequest(req, res);
}

function next(pipeline: Pipeline, socket: PipelinedSocket, onRequest: RequestListener): void {
  if (socket.destroyed) {
    pipeline.waiting.length = 0;
    return;
  }
  while (pipeline.handling < PIPELINE_DEPTH && pipeline.waiting.length > 0) {
    const [req, res] = pipeline.waiting.shift()!;
    handle(pipeline, req, res, onRequest);
  }
  if (pipeline.waiting.length === 0 && !socket._paused) {
    socket.parser?.resume();
    socket.resume();
  }
}
