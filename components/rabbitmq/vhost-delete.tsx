'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { formatCount, formatMessages } from '@/lib/format';
import { useDeleteVhostMutation, useVhostDeletePreviewQuery } from '@/lib/query/rabbitmq-access';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { secondaryButtonClass } from './styles';

const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;

/** Deleting a vhost takes everything in it: the preview lists it, read when the dialog opens; then the name typed back. */
export function VhostDelete({ conn, vhost, onClose }: { conn: string; vhost: string; onClose: () => void }) {
  const preview = useVhostDeletePreviewQuery(conn, vhost);
  const del = useDeleteVhostMutation(conn);
  const p = preview.data;
  if (p?.refusal || preview.error) {
    return (
      <div role="dialog" aria-modal="true" aria-label="Delete vhost" className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
        <div className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <h2 className="text-lg font-semibold">Delete vhost</h2>
          <div className="mt-2">
            <ErrorNotice error={preview.error ?? p?.refusal} title={`Vhost ${vhost} cannot be deleted here`} />
          </div>
          <div className="mt-4 flex justify-end">
            <button type="button" className={secondaryButtonClass} onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </div>
    );
  }
  return (
    <ConfirmNameDialog title="Delete vhost" name={vhost} actionLabel="Delete vhost" pending={del.isPending || !p} onCancel={onClose} onConfirm={() => del.mutate(vhost, { onSuccess: onClose })}>
      {!p ? (
        <p>Reading what goes with it…</p>
      ) : (
        <div data-testid="vhost-delete-preview" className="max-h-[50vh] overflow-auto">
          <p>
            Deletes <strong className="break-all">{p.vhost}</strong> and everything in it:
          </p>
          <ul className="mt-2 list-disc pl-5">
            <li>
              {plural(p.queueCount, 'queue')} holding {p.messages === null ? 'an unknown number of' : formatCount(p.messages)} message{p.messages === 1 ? '' : 's'}
              {p.queues.length > 0 && (
                <ul className="list-[circle] pl-5 text-xs">
                  {p.queues.map((q) => (
                    <li key={q.name}>
                      <span className="font-mono">{q.name}</span> ({q.type ?? 'unknown type'}): {formatMessages(q.messages)}
                    </li>
                  ))}
                  {p.queueCount > p.queues.length && <li>…and {formatCount(p.queueCount - p.queues.length)} more</li>}
                </ul>
              )}
            </li>
            <li>
              {plural(p.exchangeCount, 'declared exchange')}
              {p.exchanges.length > 0 && `: ${p.exchanges.join(', ')}`}
            </li>
            <li>
              {plural(p.connectionCount, 'open connection')}, which RabbitMQ closes
              {p.connections.length > 0 && (
                <ul className="list-[circle] pl-5 font-mono text-xs">
                  {p.connections.map((c) => (
                    <li key={c.name}>
                      {c.clientName ? `${c.clientName} (${c.name})` : c.name} as {c.user ?? 'unknown user'}
                    </li>
                  ))}
                </ul>
              )}
            </li>
            <li>permissions of {p.users.length ? p.users.join(', ') : 'no user'}</li>
          </ul>
        </div>
      )}
      {del.error && <ErrorNotice error={del.error} title="The broker refused" />}
    </ConfirmNameDialog>
  );
}
