'use client';
import { useState } from 'react';
import type { PurgeRequest } from '@/lib/contracts/purge';
import { formatCount, formatMessages } from '@/lib/format';
import { usePurgeTopicMutation } from '@/lib/query/purge';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { btn, btnDanger, input, label, td, th } from '@/components/ui/styles';

type UpTo = { kind: 'end' | 'offset' | 'timestamp'; value: string };

function toRequest(partitions: string, upTo: UpTo): PurgeRequest | string {
  const list = partitions.trim() ? partitions.split(/[\s,]+/).filter(Boolean).map(Number) : undefined;
  if (list?.some((n) => !Number.isInteger(n) || n < 0)) return 'Partitions: a list of numbers, or empty for all';
  if (upTo.kind === 'end') return { partitions: list, upTo: 'end', dryRun: true };
  if (upTo.kind === 'offset') {
    const n = Number(upTo.value);
    return upTo.value.trim() && Number.isInteger(n) && n >= 0 ? { partitions: list, upTo: { offset: n }, dryRun: true } : 'Offset: a whole number ≥ 0';
  }
  const ms = Date.parse(upTo.value);
  return Number.isNaN(ms) ? 'Time: not a date and time' : { partitions: list, upTo: { timestamp: ms }, dryRun: true };
}

/** Purge (DeleteRecords): preview exactly what goes per partition and who falls behind, then type the name to apply. */
export function PurgeDialog({ connection, topic, onClose }: { connection: string; topic: string; onClose: () => void }) {
  const [partitions, setPartitions] = useState('');
  const [upTo, setUpTo] = useState<UpTo>({ kind: 'end', value: '' });
  const [confirm, setConfirm] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const preview = usePurgeTopicMutation(connection, topic);
  const apply = usePurgeTopicMutation(connection, topic);
  const request = () => {
    const r = toRequest(partitions, upTo);
    setFormError(typeof r === 'string' ? r : null);
    return typeof r === 'string' ? null : r;
  };
  const plan = apply.data?.plan ?? preview.data?.plan;
  const done = apply.data?.applied;

  return (
    <Dialog title={`Purge ${topic}`} onClose={onClose}>
      <div className="grid gap-3">
        <div className="grid grid-cols-2 gap-3">
          <label className={label}>
            Partitions (empty: all)
            <input className={input} value={partitions} onChange={(e) => setPartitions(e.target.value)} placeholder="e.g. 0, 3" />
          </label>
          <label className={label}>
            Delete everything before
            <div className="flex gap-2">
              <select className={input} value={upTo.kind} onChange={(e) => setUpTo({ kind: e.target.value as UpTo['kind'], value: '' })}>
                <option value="end">the end (all)</option>
                <option value="offset">an offset</option>
                <option value="timestamp">a time</option>
              </select>
              {upTo.kind !== 'end' && (
                <input aria-label="Purge up to" className={`${input} min-w-0 flex-1`} type={upTo.kind === 'timestamp' ? 'datetime-local' : 'text'} step="1" value={upTo.value} onChange={(e) => setUpTo({ ...upTo, value: e.target.value })} />
              )}
            </div>
          </label>
        </div>
        <div>
          <button type="button" className={btn} onClick={() => { const r = request(); if (r) preview.mutate(r); }} disabled={preview.isPending}>
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
        </div>
        {formError && <p role="alert" className="text-sm text-red-600">{formError}</p>}
        {(preview.error || apply.error) && <ErrorNotice error={preview.error ?? apply.error} title="Purge refused" />}
        {plan && (
          <div className="grid gap-2" data-testid="purge-preview">
            {plan.notes.map((n) => (
              <p key={n} className="rounded bg-amber-50 p-2 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">{n}</p>
            ))}
            <div className="max-h-56 overflow-auto rounded border border-slate-200 dark:border-slate-800">
              <table className="w-full">
                <thead>
                  <tr>
                    <th className={th}>Partition</th>
                    <th className={`${th} text-right`}>Start</th>
                    <th className={`${th} text-right`}>New start</th>
                    <th className={`${th} text-right`}>Deleted</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.partitions.map((p) => (
                    <tr key={p.partition}>
                      <td className={td}>{p.partition}</td>
                      <td className={`${td} text-right tabular-nums`}>{formatCount(p.low)}</td>
                      <td className={`${td} text-right tabular-nums`}>{formatCount(p.newLow)}</td>
                      <td className={`${td} text-right tabular-nums`}>{formatCount(p.toDelete)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm font-medium" data-testid="purge-total">{formatMessages(plan.totalToDelete)} will be deleted.</p>
            {plan.groupsBehind.length > 0 && (
              <p className="text-sm text-amber-700 dark:text-amber-400">
                Consumer groups that will skip ahead: {plan.groupsBehind.map((g) => `${g.groupId} (partitions ${g.partitions.map((p) => p.partition).join(', ')})`).join('; ')}
              </p>
            )}
          </div>
        )}
        {done ? (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="purge-done">
            Deleted {formatMessages(apply.data?.deleted)}; new start offsets {apply.data?.verified ? 'confirmed by the broker' : 'did not match the plan'}.
          </p>
        ) : (
          plan && plan.totalToDelete > 0 && (
            <form
              className="grid gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                const r = request();
                if (r) apply.mutate({ ...r, dryRun: false, confirm });
              }}
            >
              <label className={label}>
                Type the topic name to confirm
                <input className={`${input} font-mono`} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
              </label>
              <button type="submit" className={btnDanger} disabled={confirm !== topic || apply.isPending}>
                Purge {formatMessages(plan.totalToDelete)}
              </button>
            </form>
          )
        )}
        <div className="flex justify-end">
          <button type="button" className={btn} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
