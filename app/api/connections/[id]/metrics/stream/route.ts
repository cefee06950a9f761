import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { streamQuerySchema } from '@/lib/contracts/metrics';
import { parseParams, parseQuery } from '@/server/http/parse';
import { sseResponse } from '@/server/http/sse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getSampler } from '@/server/sampler/registry';
import { liveTickFor } from '@/server/sampler/live';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One "tick" event per sampler tick; the stream only listens, so viewers add no broker requests. */
export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const filter = parseQuery(streamQuerySchema, req);
  const sampler = await getSampler(id);
  return sseResponse(req, async (sink) => {
    if (sampler.lastTick) sink.send('tick', liveTickFor(sampler.lastTick, filter));
    const unsubscribe = sampler.subscribe((tick) => {
      if (!sink.send('tick', liveTickFor(tick, filter))) unsubscribe();
    });
    try {
      await new Promise<void>((resolve) => {
        if (sink.signal.aborted) resolve();
        else sink.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      unsubscribe();
    }
  });
});
