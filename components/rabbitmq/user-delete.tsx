'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { formatCount } from '@/lib/format';
import { useDeleteUserMutation, useUserDeletePreviewQuery } from '@/lib/query/rabbitmq-access';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { secondaryButtonClass } from './styles';

/** Deleting a user: what goes with it, read from the broker when the dialog opens, then the name typed back. */
export function UserDelete({ conn, name, onClose }: { conn: string; name: string; onClose: () => void }) {
  const preview = useUserDeletePreviewQuery(conn, name);
  const del = useDeleteUserMutation(conn);
  const p = preview.data;
  if (p?.refusal || preview.error) {
    return (
      <div role="dialog" aria-modal="true" aria-label="Delete user" className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
        <div className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <h2 className="text-lg font-semibold">Delete user</h2>
          <div className="mt-2">
            <ErrorNotice error={preview.error ?? p?.refusal} title={`User ${name} cannot be deleted here`} />
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
    <ConfirmNameDialog title="Delete user" name={name} actionLabel="Delete user" pending={del.isPending || !p} onCancel={onClose} onConfirm={() => del.mutate(name, { onSuccess: onClose })}>
      {!p ? (
        <p>Reading what goes with it…</p>
      ) : (
        <div data-testid="user-delete-preview">
          <p>
            Deletes <strong className="break-all">{p.user}</strong>
            {p.tags.length > 0 && <> (tags {p.tags.join(', ')})</>} with:
          </p>
          <ul className="mt-2 list-disc pl-5">
            <li>
              permissions on {p.permissions.length} vhost{p.permissions.length === 1 ? '' : 's'}
              {p.permissions.length > 0 && `: ${p.permissions.map((x) => x.vhost).join(', ')}`}
            </li>
            {p.topicPermissions.length > 0 && (
              <li>
                {p.topicPermissions.length} topic permission{p.topicPermissions.length === 1 ? '' : 's'} ({p.topicPermissions.map((x) => `${x.vhost} · ${x.exchange}`).join(', ')})
              </li>
            )}
            <li>
              {formatCount(p.connectionCount)} open connection{p.connectionCount === 1 ? '' : 's'}, which RabbitMQ closes
              {p.connections.length > 0 && (
                <ul className="list-[circle] pl-5 font-mono text-xs">
                  {p.connections.map((c) => (
                    <li key={c.name}>
                      {c.clientName ? `${c.clientName} (${c.name})` : c.name} on {c.vhost ?? 'unknown vhost'}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          </ul>
        </div>
      )}
      {del.error && <ErrorNotice error={del.error} title="The broker refused" />}
    </ConfirmNameDialog>
  );
}
