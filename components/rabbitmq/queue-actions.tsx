'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { formatCount } from '@/lib/format';
import { useDeleteQueueMutation, usePurgeQueueMutation } from '@/lib/query/rabbitmq-mutations';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { dangerButtonClass, secondaryButtonClass } from './styles';

/** Purge needs operator; delete (the queue itself goes) needs admin, so `canDelete` says whether to offer it. */
export function QueueActions({ conn, vhost, name, total, consumers, canDelete }: { conn: string; vhost: string; name: string; total: number | null; consumers: number | null; canDelete: boolean }) {
  const router = useRouter();
  const purge = usePurgeQueueMutation(conn);
  const del = useDeleteQueueMutation(conn);
  const [dialog, setDialog] = useState<'purge' | 'delete' | null>(null);
  const [purged, setPurged] = useState<number | null>(null);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => setDialog('purge')}>
          Purge
        </button>
        {canDelete && (
          <button type="button" className={dangerButtonClass} onClick={() => setDialog('delete')}>
            Delete
          </button>
        )}
      </div>
      {purged !== null && (
        <p role="status" data-testid="purge-result" className="text-sm text-emerald-700 dark:text-emerald-400">
          Purged {formatCount(purged)} message{purged === 1 ? '' : 's'}.
        </p>
      )}
      {(purge.error || del.error) && <ErrorNotice error={purge.error ?? del.error} title="The broker refused" />}
      {dialog === 'purge' && (
        <ConfirmNameDialog
          title="Purge queue"
          name={name}
          actionLabel="Purge"
          pending={purge.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            purge.mutate(
              { vhost, name },
              {
                onSuccess: (r) => setPurged(r.purged),
                onSettled: () => setDialog(null),
              },
            )
          }
        >
          Removes every ready message from <strong className="break-all">{name}</strong> (about {formatCount(total)} now). Unacknowledged messages held by consumers
          are not removed. This cannot be undone.
        </ConfirmNameDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmNameDialog
          title="Delete queue"
          name={name}
          actionLabel="Delete"
          pending={del.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            del.mutate(
              { vhost, name },
              {
                onSuccess: () => router.push(connectionHref(conn, 'queues')),
                onSettled: () => setDialog(null),
              },
            )
          }
        >
          Deletes <strong className="break-all">{name}</strong> in vhost {vhost} with its {formatCount(total)} message(s) and bindings; {formatCount(consumers)} consumer(s)
          will be cancelled.
        </ConfirmNameDialog>
      )}
    </div>
  );
}
