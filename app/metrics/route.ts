import { scrape } from '@/server/metrics/prometheus';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Prometheus text format: lag, time to drain, lag status, queue depths, rates, sampler health, process metrics. */
export const GET = withApiErrors(async () => {
  const { body, contentType } = await scrape();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
