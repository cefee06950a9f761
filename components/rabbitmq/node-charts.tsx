'use client';
import { EntityChart } from '@/components/charts/entity-chart';
import { RangePicker } from '@/components/charts/range-picker';
import { useRangeParam } from '@/components/charts/use-range-param';
import { formatBytes, formatCount } from '@/lib/format';
import { useMetricsStream } from '@/lib/query/metrics';

const MEMORY = [
  { metric: 'memUsed', key: 'used', label: 'Used', color: '#2563eb' },
  { metric: 'memLimit', key: 'limit', label: 'High watermark', color: '#dc2626' },
];
const DISK = [
  { metric: 'diskFree', key: 'free', label: 'Free', color: '#16a34a' },
  { metric: 'diskFreeLimit', key: 'limit', label: 'Alarm below', color: '#dc2626' },
];
const HANDLES = [
  { metric: 'fdUsed', key: 'fds', label: 'File descriptors', color: '#9333ea' },
  { metric: 'socketsUsed', key: 'sockets', label: 'Sockets', color: '#ea580c' },
];
const PROCESSES = [
  { metric: 'procUsed', key: 'processes', label: 'Erlang processes', color: '#0891b2' },
  { metric: 'runQueue', key: 'runQueue', label: 'Run queue', color: '#ca8a04' },
];
const bytes = (v: number) => formatBytes(v);
const count = (v: number) => formatCount(Math.round(v));

/** One node's resources over time, from the connection's shared sampler (one /api/nodes read per tick). */
export function NodeCharts({ conn, node }: { conn: string; node: string }) {
  useMetricsStream(conn, { kind: 'node', entity: node });
  const [range, setRange] = useRangeParam();
  const common = { connectionId: conn, kind: 'node' as const, entity: node, range };
  const empty = 'No history yet: the sampler records this node from its next tick.';
  return (
    <div className="space-y-3" aria-label={`History of ${node}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">History</h3>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <EntityChart {...common} title="Memory" series={MEMORY} format={bytes} axisFormat={bytes} emptyText={empty} testId="node-memory-chart" />
        <EntityChart {...common} title="Disk free" series={DISK} format={bytes} axisFormat={bytes} emptyText={empty} testId="node-disk-chart" />
        <EntityChart {...common} title="File descriptors and sockets" series={HANDLES} format={count} axisFormat={count} emptyText={empty} testId="node-handles-chart" />
        <EntityChart {...common} title="Erlang processes and run queue" series={PROCESSES} format={count} axisFormat={count} emptyText={empty} testId="node-processes-chart" />
      </div>
    </div>
  );
}
