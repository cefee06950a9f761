import 'server-only';
import { logger } from '../logger';

/** Comment lines keep proxies and the browser from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export type SseSink = {
  /** Sends one event; returns false once the client has gone. */
  send(event: string, data: unknown): boolean;
  readonly closed: boolean;
  /** Aborted when the client disconnects: pass it to long work so it stops. */
  readonly signal: AbortSignal;
};

/**
 * A server-sent events response. `run` writes events until it returns or the client disconnects;
 * errors it throws are sent as an `error` event ({ code, message }) before the stream ends.
 */
export function sseResponse(req: Request, run: (sink: SseSink) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal.addEventListener('abort', () => abort.abort(), { once: true });
  let closed = false;
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
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        get closed() {
          return closed || abort.signal.aborted;
        },
        signal: abort.signal,
      };
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      write(': connected\n\n');
      run(sink)
        .catch((err: unknown) => {
          const e = err as { code?: string; message?: string; status?: number };
          if (!e?.status) logger.error({ err }, 'server-sent events stream failed');
          sink.send('error', { code: e?.code ?? 'INTERNAL', message: e?.status ? (e.message ?? 'error') : 'Internal error' });
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
