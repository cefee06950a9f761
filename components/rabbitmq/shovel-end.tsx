'use client';
import type { ShovelEnd } from '@/lib/contracts/rabbitmq-shovels';

/** One end of a shovel in a cell: what (queue, or exchange and routing key) and where (the masked URI). */
export function ShovelEndCell({ end }: { end: ShovelEnd }) {
  const what = end.queue !== null ? `queue ${end.queue}` : end.exchange !== null ? `exchange ${end.exchange}${end.routingKey ? ` (${end.routingKey})` : ''}` : null;
  return (
    <div className="min-w-0">
      <div className="truncate font-mono text-xs">{what ?? <span className="text-slate-400">unknown</span>}</div>
      {end.uris.length > 0 && (
        <div className="truncate text-xs text-slate-500" title={end.uris.join('\n')}>
          {end.uris.join(', ')}
        </div>
      )}
    </div>
  );
}
