'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatRate } from '@/lib/format';
import { useExchangeQuery } from '@/lib/query/rabbitmq-browse';
import { useDeleteExchangeMutation } from '@/lib/query/rabbitmq-mutations';
import { ArgumentsList } from './arguments-list';
import { BindingCreateForm } from './binding-create-form';
import { BindingsTable } from './bindings-table';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { exchangeLabel } from './links';
import { PublishForm } from './publish-form';
import { cardClass, dangerButtonClass } from './styles';
import { useCan } from '@/components/connections/use-can';

/** `name` is the URL name: "amq.default" stands for the default exchange. */
export function ExchangeDetailView({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const { data, error, isLoading } = useExchangeQuery(conn, vhost, name);
  const canMutate = useCan(conn, 'mutations');
  const canAdminister = useCan(conn, 'administration');
  const router = useRouter();
  const del = useDeleteExchangeMutation(conn);
  const [confirming, setConfirming] = useState(false);
  const e = data?.exchange;
  const builtIn = e ? e.name === '' || e.name.startsWith('amq.') : true;
  return (
    <>
      <PageHeader
        title={e ? exchangeLabel(e.name) : name}
        subtitle={`exchange in vhost ${vhost}${e ? ` · ${e.type}` : ''}`}
        actions={canAdminister && !builtIn && <button type="button" className={dangerButtonClass} onClick={() => setConfirming(true)}>Delete</button>}
      />
      {error && <ErrorNotice error={error} title="Could not load this exchange" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {del.error && <ErrorNotice error={del.error} title="Could not delete" />}
      {e && data && (
        <div className="space-y-4">
          <section className={cardClass} aria-label="Details">
            <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
              {[
                ['Type', e.type],
                ['Durable', e.durable ? 'yes' : 'no'],
                ['Auto-delete', e.autoDelete ? 'yes' : 'no'],
                ['Internal', e.internal ? 'yes' : 'no'],
                ['Publish in', formatRate(e.publishInRate)],
                ['Publish out', formatRate(e.publishOutRate)],
              ].map(([k, v]) => (
                <div key={k} className="flex gap-2">
                  <dt className="w-32 text-slate-500">{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
            <h3 className="mb-1 mt-3 text-xs font-semibold uppercase text-slate-500">Arguments</h3>
            <ArgumentsList args={e.arguments} />
          </section>
          <section className={cardClass} aria-label="Bindings from this exchange">
            <h2 className="mb-2 text-sm font-semibold">Bindings from this exchange</h2>
            <BindingsTable conn={conn} bindings={data.outgoing} canMutate={canAdminister} />
            {canAdminister && e.name !== '' && <BindingCreateForm conn={conn} vhost={vhost} source={e.name} />}
          </section>
          <section className={cardClass} aria-label="Bindings to this exchange">
            <h2 className="mb-2 text-sm font-semibold">Bindings to this exchange</h2>
            <BindingsTable conn={conn} bindings={data.incoming} canMutate={canAdminister} />
          </section>
          {canMutate && !e.internal && (
            <section className={cardClass} aria-label="Publish">
              <h2 className="mb-2 text-sm font-semibold">Publish a message</h2>
              <PublishForm conn={conn} vhost={vhost} exchange={name} />
            </section>
          )}
        </div>
      )}
      {confirming && e && (
        <ConfirmNameDialog
          title="Delete exchange"
          name={e.name}
          actionLabel="Delete"
          pending={del.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => del.mutate({ vhost, name: e.name }, { onSuccess: () => router.push(connectionHref(conn, 'exchanges')), onSettled: () => setConfirming(false) })}
        >
          Deletes exchange <strong className="break-all">{e.name}</strong> and its {data?.outgoing.length ?? 0} outgoing and {data?.incoming.length ?? 0} incoming binding(s).
          Publishers still using it will fail.
        </ConfirmNameDialog>
      )}
    </>
  );
}
