'use client';
import { EntityChart } from '@/components/charts/entity-chart';
import { RangePicker } from '@/components/charts/range-picker';
import type { MetricsRange } from '@/lib/contracts/metrics';
import { formatCount, formatRate } from '@/lib/format';
import { useMetricsStream } from '@/lib/query/metrics';

const PRODUCE = [{ metric: 'produceRate', key: 'produceRate', label: 'Produced', color: '#2563eb' }];
/** A topic's `lag` is the sum over the groups reading it; unknown (a gap) while none has a commit. */
const LAG = [{ metric: 'lag', key: 'lag', label: 'Consumer lag (all groups)', color: '#dc2626' }];
const RETAINED = [{ metric: 'messages', key: 'messages', label: 'Retained messages', color: '#64748b' }];
const fmtCount = (v: number) => formatCount(Math.round(v));
const fmtRate = (v: number) => formatRate(v);

/** The topic's history from the shared sampler, kept live by the page's one metrics stream. */
export function TopicCharts({ conn, topic, range, onRange }: { conn: string; topic: string; range: MetricsRange; onRange: (r: MetricsRange) => void }) {
  const live = useMetricsStream(conn, { kind: 'topic', entity: topic });
  return (
    <section className="space-y-3">
      <div className="flex items-center justify-between">
        <p className="text-xs text-slate-500 dark:text-slate-400">{live ? 'live' : 'connecting…'}</p>
        <RangePicker value={range} onChange={onRange} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <EntityChart connectionId={conn} kind="topic" entity={topic} range={range} title="Produce rate" series={PRODUCE} format={fmtRate} testId="topic-produce-chart" />
        <EntityChart connectionId={conn} kind="topic" entity={topic} range={range} title="Consumer lag" series={LAG} format={fmtCount} testId="topic-lag-chart" />
        <EntityChart connectionId={conn} kind="topic" entity={topic} range={range} title="Retained messages" series={RETAINED} format={fmtCount} testId="topic-messages-chart" />
      </div>
    </section>
  );
}
