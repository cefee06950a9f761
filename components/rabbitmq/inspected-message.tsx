import type { InspectedMessage } from '@/lib/contracts/rabbitmq-messages';
import { DeliveryNote } from './delivery-note';
import { exchangeLabel } from './links';

/** One message as read: payload decoded like the Kafka browser; everything shown as text, never as HTML. */
export function InspectedMessageCard({ m }: { m: InspectedMessage }) {
  const headerEntries = Object.entries(m.headers);
  return (
    <article data-testid="inspected-message" className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
      <div className="mb-2 flex flex-wrap gap-3 text-xs text-slate-500">
        <span>#{m.index + 1}</span>
        {m.streamOffset !== null && <span>offset {m.streamOffset}</span>}
        <span>exchange {exchangeLabel(m.exchange)}</span>
        <span>
          routing key <span className="font-mono">{m.routingKey || '(empty)'}</span>
        </span>
        <span data-testid="redelivered">{m.redelivered ? 'redelivered' : 'first delivery'}</span>
        {m.delivery && <DeliveryNote d={m.delivery} />}
        <span>
          {m.payload.encoding} · {m.payload.size} bytes{m.payload.truncated ? ' · truncated' : ''}
        </span>
      </div>
      <pre data-testid="payload" className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
        {m.payload.display ?? '(no payload)'}
      </pre>
      <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <h4 className="text-xs font-semibold uppercase text-slate-500">Properties</h4>
          <ul className="font-mono text-xs">
            {Object.entries(m.properties).map(([k, v]) => (
              <li key={k}>
                <span className="text-slate-500">{k}</span>: {String(v)}
              </li>
            ))}
            {Object.keys(m.properties).length === 0 && <li className="text-slate-400">none</li>}
          </ul>
        </div>
        <div>
          <h4 className="text-xs font-semibold uppercase text-slate-500">Headers</h4>
          <ul className="font-mono text-xs" data-testid="headers">
            {headerEntries.map(([k, v]) => (
              <li key={k} className="break-all">
                <span className="text-slate-500">{k}</span>: {typeof v === 'string' ? v : JSON.stringify(v)}
              </li>
            ))}
            {headerEntries.length === 0 && <li className="text-slate-400">none</li>}
          </ul>
        </div>
      </div>
    </article>
  );
}
