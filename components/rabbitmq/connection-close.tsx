'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useCloseConnectionMutation } from '@/lib/query/rabbitmq-connections';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { dangerButtonClass, inputClass } from './styles';

/** The client is told why in CONNECTION_FORCED; RabbitMQ carries the reason in an HTTP header, hence ASCII only. */
const REASON_PATTERN = /^[\x20-\x7e]*$/;

export function ConnectionClose({ conn, name, label, channels }: { conn: string; name: string; label: string; channels: number | null }) {
  const router = useRouter();
  const close = useCloseConnectionMutation(conn);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reasonOk = REASON_PATTERN.test(reason) && reason.length <= 200;
  return (
    <div className="flex flex-col items-end gap-2">
      <button type="button" className={dangerButtonClass} onClick={() => setOpen(true)}>
        Close connection
      </button>
      {close.error && <ErrorNotice error={close.error} title="The broker refused" />}
      {open && (
        <ConfirmNameDialog
          title="Close connection"
          name={name}
          actionLabel="Close connection"
          pending={close.isPending}
          onCancel={() => setOpen(false)}
          onConfirm={() => {
            if (!reasonOk) return;
            close.mutate({ name, reason }, { onSuccess: () => router.push(connectionHref(conn, 'rabbitmq/connections')), onSettled: () => setOpen(false) });
          }}
        >
          <p>
            Force-closes <strong className="break-all">{label}</strong> and its {channels ?? 'unknown number of'} channel{channels === 1 ? '' : 's'}. Unacknowledged messages go back to their
            queues; the client may reconnect on its own.
          </p>
          <label className="mt-3 block">
            Reason the client receives (optional)
            <input aria-label="Reason" className={`${inputClass} mt-1 w-full`} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Closed by an administrator in Wharf" />
          </label>
          {!reasonOk && <p className="mt-1 text-xs text-red-600">Letters, digits and punctuation only (ASCII).</p>}
        </ConfirmNameDialog>
      )}
    </div>
  );
}
