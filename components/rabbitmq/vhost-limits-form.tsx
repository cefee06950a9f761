'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { VhostAdmin, VhostLimitName } from '@/lib/contracts/rabbitmq-access';
import { useClearVhostLimitMutation, useSetVhostLimitMutation } from '@/lib/query/rabbitmq-access';
import { buttonClass, inputClass, secondaryButtonClass } from './styles';

const LIMITS: Array<{ name: VhostLimitName; label: string; key: 'maxConnections' | 'maxQueues'; current: (v: VhostAdmin) => number | null }> = [
  { name: 'max-connections', label: 'Max connections', key: 'maxConnections', current: (v) => v.connections },
  { name: 'max-queues', label: 'Max queues', key: 'maxQueues', current: (v) => v.queues },
];

/** -1 is "no limit" and 0 allows none; a limit below what is open now closes nothing, it refuses new ones. */
function LimitRow({ conn, vhost, limit }: { conn: string; vhost: VhostAdmin; limit: (typeof LIMITS)[number] }) {
  const set = useSetVhostLimitMutation(conn);
  const clear = useClearVhostLimitMutation(conn);
  const value = vhost.limits[limit.key];
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  const n = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(n) && n >= -1;
  const now = limit.current(vhost);
  return (
    <form
      aria-label={limit.label}
      className="flex flex-wrap items-end gap-2 border-b border-slate-100 py-2 last:border-0 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) set.mutate({ vhost: vhost.name, name: limit.name, limit: n });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        {limit.label} <span className="text-xs text-slate-500">now {value === null ? 'no limit' : value} · in use {now ?? 'unknown'}</span>
        <input aria-label={limit.label} type="number" min={-1} step={1} className={`${inputClass} w-32`} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" className={buttonClass} disabled={!valid || set.isPending}>
        Set
      </button>
      <button type="button" className={secondaryButtonClass} disabled={value === null || clear.isPending} onClick={() => clear.mutate({ vhost: vhost.name, name: limit.name }, { onSuccess: () => setDraft('') })}>
        Remove limit
      </button>
      {valid && now !== null && n >= 0 && n < now && <p className="w-full text-xs text-amber-700">Below what is in use: nothing is closed, new ones are refused.</p>}
      {(set.error || clear.error) && <ErrorNotice error={set.error ?? clear.error} title="The broker refused" />}
    </form>
  );
}

export function VhostLimitsForm({ conn, vhost, onClose }: { conn: string; vhost: VhostAdmin; onClose: () => void }) {
  return (
    <Dialog title={`Limits of ${vhost.name}`} onClose={onClose}>
      <p className="mb-2 text-xs text-slate-500">-1 for no limit, 0 to allow none.</p>
      {LIMITS.map((l) => (
        <LimitRow key={l.name} conn={conn} vhost={vhost} limit={l} />
      ))}
      <div className="mt-3 flex justify-end">
        <button type="button" className={secondaryButtonClass} onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
