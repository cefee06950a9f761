'use client';
import type { MovePreview } from '@/lib/contracts/rabbitmq-messages';
import { formatCount } from '@/lib/format';

/** What a move will do, said before it is confirmed: how many, from where, and where the destination routes them. */
export function MovePreviewView({ preview }: { preview: MovePreview }) {
  const { source, exchange, routingKey, routes } = preview;
  return (
    <div data-testid="move-preview" className="space-y-2">
      <p>
        Moves up to <strong data-testid="move-preview-count">{formatCount(preview.upTo)}</strong> message(s) out of queue{' '}
        <strong>{source.queue}</strong> (vhost {source.vhost}, {formatCount(source.ready)} ready, {formatCount(source.unacked)} unacked) to{' '}
        {exchange.name === '' ? (
          <>
            queue <strong>{routingKey}</strong> (default exchange)
          </>
        ) : (
          <>
            exchange <strong>{exchange.name}</strong> ({exchange.type}){routingKey === null ? ' with each message’s original routing key' : <> with routing key <strong>{routingKey || '(empty)'}</strong></>}
          </>
        )}
        . They are removed from <strong>{source.queue}</strong>.
      </p>
      {routes !== null && exchange.name !== '' && (
        <div>
          <p className="font-medium">The bindings route them to:</p>
          {routes.length === 0 ? (
            <p className="text-red-700 dark:text-red-400">nothing: no binding matches.</p>
          ) : (
            <ul data-testid="move-preview-routes" className="list-disc pl-5">
              {routes.map((r) => (
                <li key={`${r.destinationType}/${r.destination}/${r.bindingKey}`}>
                  {r.destinationType} <strong>{r.destination}</strong> (binding key <span className="font-mono">{r.bindingKey || '(empty)'}</span>)
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {preview.notes.map((n) => (
        <p key={n} className="text-amber-800 dark:text-amber-300">
          {n}
        </p>
      ))}
      <p className="text-xs text-slate-500">It runs as a job: listed on the Jobs page, cancellable, resumable from its last committed batch.</p>
    </div>
  );
}
