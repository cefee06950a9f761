import 'server-only';
import type { ApiErrorBody } from '@/lib/contracts/error';
import { captureBodyParams, OpenAudit, recordAudit } from '../auth/audit';
import { describeRequest, guardRequest } from '../auth/guard';
import { runWithAuth } from '../auth/request-context';
import { ApiError } from './errors';
import { observeStreams, type StreamObserver } from './sse';
import { wellFormed } from './text';
import { logger } from '../logger';

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

export function errorResponse(status: number, code: string, message: string): Response {
  // A message may quote a name from the request: no lone surrogate goes back out (JSON would escape it as \ud800).
  const body: ApiErrorBody = { error: { code, message: wellFormed(message) } };
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Maps any thrown error to the one error shape; unknown errors become a 500 without internals. */
export function toErrorResponse(err: unknown, req?: Request): Response {
  if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message);
  logger.error({ err, url: req?.url }, 'unhandled error in route');
  const detail = process.env.NODE_ENV === 'development' && err instanceof Error ? `: ${err.message}` : '';
  return errorResponse(500, 'INTERNAL', `Internal error${detail}`);
}

/**
 * Every API route runs inside this: it authenticates the caller, checks same-origin + CSRF for state changes and
 * the role the route needs on its connection (server/auth/guard.ts), runs the handler with the caller available
 * through currentAuth(), maps errors to the one error shape, and writes the audit entry for mutations and
 * message-content reads, refusals included. A request the guard lets through has its entry written before the
 * handler runs (no change without its entry), completed with the answer, and for a stream with how it ended.
 */
export function withApiErrors<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (req, ctx) => {
    let rawParams: Record<string, unknown> = {};
    try {
      rawParams = ((await ctx.params) ?? {}) as Record<string, unknown>;
    } catch {
      // Params that fail to resolve are the handler's to report; the guard then sees none.
    }
    const g = describeRequest(req, rawParams);
    const body = g.audited && g.mutation ? await captureBodyParams(req) : undefined;
    let res: Response;
    let audit: OpenAudit | null = null;
    let auditFailed = false;
    const streams: StreamObserver = { attached: false, ended: (end) => audit?.streamEnded(end) ?? Promise.resolve() };
    try {
      await guardRequest(req, g);
      if (g.audited) {
        auditFailed = true;
        audit = await OpenAudit.begin(req, g, body);
        auditFailed = false;
      }
      res = await runWithAuth(g, () => observeStreams(streams, () => handler(req, ctx)));
    } catch (err) {
      res = toErrorResponse(err, req);
    }
    if (audit) await audit.answered(res, streams.attached && (res.headers.get('content-type') ?? '').includes('text/event-stream'));
    // A refusal by the guard is written now; when the store refused the entry itself, that is logged already.
    else if (g.audited && !auditFailed) await recordAudit(req, g, res, body);
    return res;
  };
}
