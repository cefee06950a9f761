import 'server-only';
import type { ApiErrorBody } from '@/lib/contracts/error';
import { ApiError } from './errors';
import { logger } from '../logger';

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

export function errorResponse(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Maps any thrown error to the one error shape; unknown errors become a 500 without internals. */
export function toErrorResponse(err: unknown, req?: Request): Response {
  if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message);
  logger.error({ err, url: req?.url }, 'unhandled error in route');
  const detail = process.env.NODE_ENV === 'development' && err instanceof Error ? `: ${err.message}` : '';
  return errorResponse(500, 'INTERNAL', `Internal error${detail}`);
}

export function withApiErrors<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return toErrorResponse(err, req);
    }
  };
}
