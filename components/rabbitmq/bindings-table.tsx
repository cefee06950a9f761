'use client';
import Link from 'next/link';
import type { Binding } from '@/lib/contracts/rabbitmq';
import { useDeleteBindingMutation } from '@/lib/query/rabbitmq-mutations';
import { ErrorNotice } from '@/components/ui/error-notice';
import { ArgumentsList } from './arguments-list';
import { exchangeHref, exchangeLabel, queueHref } from './links';
import type { SortDir } from './list-filter';
import { SortHeader } from './sort-header';
import { tableClass, tdClass, thClass } from './styles';

export type BindingSortKey = 'vhost' | 'source' | 'destination' | 'routingKey';
type Sorting = { key: BindingSortKey; dir: SortDir; onSort: (key: BindingSortKey) => void };

export function BindingsTable({ conn, bindings, canMutate, showVhost = false, sorting }: { conn: string; bindings: Binding[]; canMutate: boolean; showVhost?: boolean; sorting?: Sorting }) {
  const del = useDeleteBindingMutation(conn);
  if (bindings.length === 0) return <p className="text-sm text-slate-500">No bindings.</p>;
  return (
    <div className="overflow-x-auto">
      {del.error && <ErrorNotice error={del.error} title="Could not delete the binding" />}
      <table className={tableClass} data-testid="bindings-table">
        <thead>
          <tr>
            {(
              [
                ['vhost', 'Vhost'],
                ['source', 'Source'],
                ['destination', 'Destination'],
                ['routingKey', 'Routing key'],
              ] as const
            )
              .filter(([key]) => showVhost || key !== 'vhost')
              .map(([key, label]) =>
                sorting ? (
                  <SortHeader key={key} label={label} active={sorting.key === key} dir={sorting.dir} onSort={() => sorting.onSort(key)} />
                ) : (
                  <th key={key} className={thClass}>
                    {label}
                  </th>
                ),
              )}
            <th className={thClass}>Arguments</th>
            {canMutate && <th className={thClass} />}
          </tr>
        </thead>
        <tbody>
          {bindings.map((b) => (
            <tr key={`${b.vhost}|${b.source}|${b.destinationType}|${b.destination}|${b.propertiesKey}`}>
              {showVhost && <td className={tdClass}>{b.vhost}</td>}
              <td className={tdClass}>
                <Link className="hover:underline" href={exchangeHref(conn, b.vhost, b.source)}>
                  {exchangeLabel(b.source)}
                </Link>
              </td>
              <td className={tdClass}>
                <span className="mr-1 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{b.destinationType}</span>
                <Link className="hover:underline" href={b.destinationType === 'queue' ? queueHref(conn, b.vhost, b.destination) : exchangeHref(conn, b.vhost, b.destination)}>
                  {b.destination}
                </Link>
              </td>
              <td className={`${tdClass} font-mono text-xs`}>{b.routingKey || <span className="text-slate-400">(empty)</span>}</td>
              <td className={tdClass}>
                <ArgumentsList args={b.arguments} />
              </td>
              {canMutate && (
                <td className={tdClass}>
                  {b.source !== '' && (
                    <button
                      type="button"
                      className="text-xs text-red-600 hover:underline"
                      disabled={del.isPending}
                      onClick={() => del.mutate({ vhost: b.vhost, source: b.source, destination: b.destination, destinationType: b.destinationType, propertiesKey: b.propertiesKey })}
                    >
                      Unbind
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
