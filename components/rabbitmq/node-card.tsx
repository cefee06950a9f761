import type { NodeHealth } from '@/lib/contracts/rabbitmq-nodes';
import { formatCount, formatDuration } from '@/lib/format';
import { nodeGauges } from './node-gauges';
import { cardClass } from './styles';
import { UsageGauge } from './usage-gauge';

const flag = (on: boolean | null, word: string) => (on ? <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-900/50 dark:text-red-300">{word}</span> : null);

/** One node: is it up, its resources against their alarm limits, partitions and plugins. */
export function NodeCard({ node, selected, onShowHistory }: { node: NodeHealth; selected: boolean; onShowHistory: () => void }) {
  return (
    <section className={`${cardClass} space-y-3`} aria-label={`Node ${node.name}`} data-testid={`node-${node.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="font-mono text-sm font-semibold">{node.name}</h2>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${node.running ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300' : 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300'}`}>
            {node.running === null ? 'unknown' : node.running ? 'running' : 'not running'}
          </span>
          {flag(node.memory.alarm, 'memory alarm')}
          {flag(node.disk.alarm, 'disk alarm')}
          {flag(node.partitions.length > 0, 'partitioned')}
        </div>
        <button type="button" className="text-sm hover:underline" aria-pressed={selected} onClick={onShowHistory} disabled={selected}>
          {selected ? 'History shown below' : 'Show history'}
        </button>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-5">
        {[
          ['Version', node.version ?? 'unknown'],
          ['Uptime', formatDuration(node.uptimeMs)],
          ['Type', node.type ?? 'unknown'],
          ['Run queue', `${formatCount(node.runQueue)} on ${formatCount(node.processors)} cores`],
          ['Memory measured by', node.memory.strategy ?? 'unknown'],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {nodeGauges(node).map((g) => (
          <UsageGauge key={g.id} gauge={g} />
        ))}
      </div>
      <div className="text-xs" data-testid="node-partitions">
        <span className="font-medium">Partitions: </span>
        {node.partitions.length ? <span className="font-semibold text-red-600 dark:text-red-400">{`cannot see ${node.partitions.join(', ')}`}</span> : 'none'}
      </div>
      <div className="text-xs" data-testid="node-plugins">
        <span className="font-medium">{`Enabled plugins (${node.plugins.length}): `}</span>
        {node.plugins.map((p) => (
          <span key={p} className="mr-1 inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono dark:bg-slate-800">{p}</span>
        ))}
      </div>
    </section>
  );
}
