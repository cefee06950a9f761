import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { logger } from '../logger';
import { wellFormed } from './text';

/** Comment lines keep proxies and the browser from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Events whose data carries an operation's counts; the last one sent is what the stream reported. */
const COUNT_EVENTS = new Set(['progress', 'result', 'done']);

export type SseSink = {
  /** Sends one event; returns false once the client has gone. */
  send(event: string, data: unknown): boolean;
  readonly closed: boolean;
  /** Aborted when the client disconnects: pass it to long work so it stops. */
  readonly signal: AbortSignal;
};

/** How a stream ended, for whoever answers for it (the audit log). */
export type StreamEnd = {
  /** 'interrupted': the client (or the server, closing the socket) cut the stream before the work ended. */
  how: 'completed' | 'failed' | 'interrupted';
  /** 200 when it completed or was cut; the error's status when the work failed. */
  status: number;
  /** Data of the last progress/result/done event the work sent, delivered or not: its final counts. */
  last: unknown;
};

/** Told when a stream made inside `observeStreams` ends; `ended` runs before the stream closes. */
export type StreamObserver = { attached: boolean; ended(end: StreamEnd): Promise<void> };

const observers = new AsyncLocalStorage<StreamObserver>();

/** Runs `fn`; a server-sent events response it makes reports its end to `observer` (withApiErrors' audit entry). */
export function observeStreams<T>(observer: StreamObserver, fn: () => T): T {
  return observers.run(observer, fn);
}

/**
 * A server-sent events response. `run` writes events until it returns or the client disconnects;
 * errors it throws are sent as an `error` event ({ code, message }) before the stream ends.
 */
export function sseResponse(req: Request, run: (sink: SseSink) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const observer = observers.getStore();
  if (observer) observer.attached = true;
  let closed = false;
  let last: unknown = undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (chunk: string) => {
        if (closed) return false;
        try {
          controller.enqueue(encoder.encode(chunk));
          return true;
        } catch {
          closed = true;
          abort.abort();
          return false;
        }
      };
      const sink: SseSink = {
        send: (event, data) => {
          if (COUNT_EVENTS.has(event)) last = data;
          return write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        get closed() {
          return closed || abort.signal.aborted;
        },
        signal: abort.signal,
      };
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      write(': connected\n\n');
      let failedWith: number | null = null;
      run(sink)
        .catch((err: unknown) => {
          const e = err as { code?: string; message?: string; status?: number };
          if (!e?.status) logger.error({ err }, 'server-sent events stream failed');
          failedWith = typeof e?.status === 'number' ? e.status : 500;
          sink.send('error', { code: e?.code ?? 'INTERNAL', message: e?.status ? wellFormed(e.message ?? 'error') : 'Internal error' });
        })
        .then(async () => {
          // Cut before the work ended (a move stops after its batch and still reports what it committed).
          const cut = closed || abort.signal.aborted;
          const end: StreamEnd = cut ? { how: 'interrupted', status: 200, last } : failedWith !== null ? { how: 'failed', status: failedWith, last } : { how: 'completed', status: 200, last };
          // Before the stream closes: a client that saw the end finds the entry complete.
          await observer?.ended(end).catch((err: unknown) => logger.error({ err }, 'stream end observer failed'));
        })
        .finally(() => {
          clearInterval(keepalive);
          if (!closed) {
            closed = true;
            try {
              controller.close();
            } catch {
              // The client already went away; nothing to close.
            }
          }
        });
    },
    cancel() {
      closed = true;
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
