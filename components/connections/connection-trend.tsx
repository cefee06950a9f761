'use client';
import { formatMessages, formatMessagesAxis } from '@/components/charts/chart-units';
import { EntityChart } from '@/components/charts/entity-chart';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { formatCount } from '@/lib/format';
import { UNSTREAMED_CHART_REFRESH_MS } from '@/lib/query/metrics';

const KAFKA_LAG = [{ metric: 'lag', key: 'lag', label: 'Total lag', color: '#dc2626' }];
const RABBIT_QUEUED = [
  { metric: 'ready', key: 'ready', label: 'Ready', color: '#2563eb' },
  { metric: 'unacked', key: 'unacked', label: 'Unacked', color: '#ea580c' },
];
const fmtLag = (v: number) => formatCount(Math.round(v));

/**
 * The last hour of the connection-level figure that matters most (Kafka: lag over all groups; RabbitMQ: queued
 * messages). Polled rather than streamed: one event stream per card would exhaust the browser's connections.
 */
export function ConnectionTrend({ connection: c }: { connection: ConnectionSummary }) {
  // A broker that is down has no new samples to show; its card says why instead.
  if (c.status.state === 'down') return null;
  const chart = c.capabilities.consumerGroups
    ? { title: 'Total consumer lag, last hour', series: KAFKA_LAG, format: fmtLag, axisFormat: fmtLag, emptyText: 'No lag sampled in the last hour (no group has committed offsets)' }
    : c.capabilities.queues
      ? { title: 'Queued messages, last hour', series: RABBIT_QUEUED, format: formatMessages, axisFormat: formatMessagesAxis, emptyText: 'No samples in the last hour yet' }
      : null;
  if (!chart) return null;
  return (
    <div className="mt-4">
      <EntityChart connectionId={c.id} kind="connection" entity="*" range="1h" height={120} refetchIntervalMs={UNSTREAMED_CHART_REFRESH_MS} testId="connection-trend" {...chart} />
    </div>
  );
}
