'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useDeleteShovelMutation, useShovelQuery } from '@/lib/query/rabbitmq-shovels';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { ShovelEndCell } from './shovel-end';
import { ShovelState } from './shovel-state';

/** The preview is the shovel as the broker reports it now: its state, what it reads and where it writes. */
export function ShovelDelete({ conn, vhost, name, onClose }: { conn: string; vhost: string; name: string; onClose: () => void }) {
  const { data: s, error } = useShovelQuery(conn, vhost, name);
  const del = useDeleteShovelMutation(conn);
  return (
    <ConfirmNameDialog title="Delete shovel" name={name} actionLabel="Delete shovel" pending={del.isPending} onCancel={onClose} onConfirm={() => del.mutate({ vhost, name }, { onSuccess: onClose })}>
      {error && <ErrorNotice error={error} title="Could not read the shovel" />}
      {s && (
        <div className="space-y-2" data-testid="shovel-delete-preview">
          <p>
            Deletes the dynamic shovel <strong>{name}</strong> in vhost <strong>{vhost}</strong>, now <ShovelState state={s.state} />. It stops moving messages at once; messages it has
            not moved stay in the source, those moved stay in the destination.
          </p>
          <dl className="grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-xs">
            <dt>From</dt>
            <dd>
              <ShovelEndCell end={s.source} />
            </dd>
            <dt>To</dt>
            <dd>
              <ShovelEndCell end={s.destination} />
            </dd>
            <dt>Moved</dt>
            <dd>{s.messagesTransferred ?? 'unknown (this RabbitMQ release does not report it)'}</dd>
            {s.reason && (
              <>
                <dt>Last error</dt>
                <dd className="break-all text-red-700 dark:text-red-400">{s.reason}</dd>
              </>
            )}
          </dl>
        </div>
      )}
      {del.error && <ErrorNotice error={del.error} title="Could not delete" />}
    </ConfirmNameDialog>
  );
}
