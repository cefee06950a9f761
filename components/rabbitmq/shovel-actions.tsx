'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useRestartShovelMutation } from '@/lib/query/rabbitmq-shovels';
import { ShovelDelete } from './shovel-delete';
import { dangerButtonClass, secondaryButtonClass } from './styles';

export function ShovelActions({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const restart = useRestartShovelMutation(conn);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-1">
        <button type="button" className={secondaryButtonClass} disabled={restart.isPending} onClick={() => restart.mutate({ vhost, name })} aria-label={`Restart shovel ${name}`}>
          {restart.isPending ? 'Restarting…' : 'Restart'}
        </button>
        <button type="button" className={dangerButtonClass} onClick={() => setDeleting(true)} aria-label={`Delete shovel ${name}`}>
          Delete
        </button>
      </div>
      {restart.error && <ErrorNotice error={restart.error} title="Could not restart" />}
      {deleting && <ShovelDelete conn={conn} vhost={vhost} name={name} onClose={() => setDeleting(false)} />}
    </div>
  );
}
