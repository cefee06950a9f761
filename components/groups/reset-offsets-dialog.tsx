'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { ActiveMember, GroupPartition, ResetOffsetsResult } from '@/lib/contracts/groups';
import { formatCount } from '@/lib/format';
import { useGroupOffsetsQuery, useResetOffsetsMutation } from '@/lib/query/groups';
import { ActiveMembersNotice } from './active-members-notice';
import { Dialog } from '@/components/ui/dialog';
import { initialResetForm, RESET_REFUSAL, resetBlockers, toResetRequest, type ResetForm } from './reset-offsets-form';

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';
const button = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';

type Props = { connectionId: string; groupId: string; partitions: GroupPartition[]; members: readonly ActiveMember[]; onClose: () => void };

export function ResetOffsetsDialog({ connectionId, groupId, partitions, members, onClose }: Props) {
  const [form, setForm] = useState<ResetForm>(() => initialResetForm(partitions));
  const [preview, setPreview] = useState<{ key: string; result: ResetOffsetsResult } | null>(null);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<ResetOffsetsResult | null>(null);
  const mutation = useResetOffsetsMutation(connectionId, groupId);
  // Read live when the dialog opens, so the members are known before any preview, not a sampler tick late.
  const live = useGroupOffsetsQuery(connectionId, groupId);
  const topics = [...new Set(partitions.map((p) => p.topic))];
  const request = toResetRequest(form, true);
  const key = JSON.stringify(request);
  const previewIsCurrent = preview?.key === key;
  const update = (patch: Partial<ResetForm>) => setForm((f) => ({ ...f, ...patch }));
  // The server refuses (409) while there are any; the preview is not offered either, it could not be applied.
  const active = resetBlockers(preview?.result.activeMembers, live.data?.activeMembers, members);
  const busy = active.length > 0;
  const checkAgain = () => {
    setPreview(null);
    void live.refetch();
  };

  const runPreview = () => {
    if (typeof request === 'string') return;
    mutation.mutate(request, { onSuccess: (result) => setPreview({ key, result }) });
  };
  const apply = () => {
    if (typeof request === 'string' || !previewIsCurrent) return;
    // Apply exactly what was previewed; the server refuses if the group's offsets moved in the meantime.
    const expected = preview.result.changes.map(({ topic, partition, current, next }) => ({ topic, partition, current, next }));
    mutation.mutate({ ...request, dryRun: false, expected }, { onSuccess: (result) => setDone(result) });
  };

  return (
    <Dialog title={`Reset offsets of ${groupId}`} onClose={onClose} size="lg" closeButton>
      {done ? (
        <div className="space-y-4">
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Offsets reset on {done.changes.length} partition{done.changes.length === 1 ? '' : 's'}.
          </p>
          <button type="button" className={`${button} bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900`} onClick={onClose}>
            Close
          </button>
        </div>
      ) : (
        <div className="space-y-4 text-sm">
          <ActiveMembersNotice members={active} refusal={RESET_REFUSAL} />
          {busy && (
            <button type="button" className={`${button} border border-slate-300 dark:border-slate-700`} disabled={live.isFetching} onClick={checkAgain}>
              {live.isFetching ? 'Checking…' : 'Check again'}
            </button>
          )}
          <div className="grid grid-cols-[8rem_1fr] items-center gap-x-3 gap-y-2">
            <label htmlFor="reset-scope">Scope</label>
            <select id="reset-scope" className={field} value={form.scope} onChange={(e) => update({ scope: e.target.value as ResetForm['scope'], partitions: [] })}>
              <option value="group">Whole group</option>
              <option value="topic">One topic</option>
              <option value="partitions">Chosen partitions</option>
            </select>
            {form.scope !== 'group' && (
              <>
                <label htmlFor="reset-topic">Topic</label>
                <select id="reset-topic" className={field} value={form.topic} onChange={(e) => update({ topic: e.target.value, partitions: [] })}>
                  {topics.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </>
            )}
            {form.scope === 'partitions' && (
              <>
                <span>Partitions</span>
                <div className="flex flex-wrap gap-3">
                  {partitions
                    .filter((p) => p.topic === form.topic)
                    .map((p) => (
                      <label key={p.partition} className="inline-flex items-center gap-1">
                        <input
                          type="checkbox"
                          checked={form.partitions.includes(p.partition)}
                          onChange={(e) => update({ partitions: e.target.checked ? [...form.partitions, p.partition].sort((a, b) => a - b) : form.partitions.filter((n) => n !== p.partition) })}
                        />
                        {p.partition}
                      </label>
                    ))}
                </div>
              </>
            )}
            <label htmlFor="reset-to">Reset to</label>
            <select id="reset-to" className={field} value={form.to} onChange={(e) => update({ to: e.target.value as ResetForm['to'] })}>
              <option value="earliest">Earliest</option>
              <option value="latest">Latest</option>
              <option value="timestamp">A date and time</option>
              <option value="offset">An exact offset</option>
              <option value="shift">Shift by N</option>
            </select>
            {form.to === 'timestamp' && (
              <>
                <label htmlFor="reset-timestamp">Date and time</label>
                <input id="reset-timestamp" type="datetime-local" step="1" className={field} value={form.timestamp} onChange={(e) => update({ timestamp: e.target.value })} />
              </>
            )}
            {form.to === 'offset' && (
              <>
                <label htmlFor="reset-offset">Offset</label>
                <input id="reset-offset" type="number" min={0} className={field} value={form.offset} onChange={(e) => update({ offset: e.target.value })} />
              </>
            )}
            {form.to === 'shift' && (
              <>
                <label htmlFor="reset-shift">Shift by</label>
                <input id="reset-shift" type="number" className={field} value={form.shift} onChange={(e) => update({ shift: e.target.value })} />
              </>
            )}
          </div>
          {typeof request === 'string' && <p className="text-amber-700 dark:text-amber-400">{request}</p>}
          <button type="button" className={`${button} border border-slate-300 dark:border-slate-700`} disabled={busy || typeof request === 'string' || mutation.isPending} onClick={runPreview}>
            Preview (dry run)
          </button>
          {mutation.error && <ErrorNotice error={mutation.error} title="The reset was refused" />}
          {preview && previewIsCurrent && (
            <>
              <table aria-label="Offset changes" className="w-full text-left tabular-nums">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="py-1 font-medium">Topic</th>
                    <th className="py-1 text-right font-medium">Partition</th>
                    <th className="py-1 text-right font-medium">Current</th>
                    <th className="py-1 text-right font-medium">New</th>
                    <th className="py-1 text-right font-medium">Lag after</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.result.changes.map((c) => (
                    <tr key={`${c.topic}:${c.partition}`} data-testid="offset-change" className="border-t border-slate-100 dark:border-slate-800">
                      <td className="py-1">{c.topic}</td>
                      <td className="py-1 text-right">{c.partition}</td>
                      <td className="py-1 text-right">{c.current === null ? 'no commit' : formatCount(c.current)}</td>
                      <td className="py-1 text-right font-medium">{formatCount(c.next)}</td>
                      <td className="py-1 text-right">{formatCount(c.end - c.next)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <label className="block">
                Type the group name <span className="font-mono">{groupId}</span> to apply
                <input aria-label="Confirm group name" disabled={busy} className={`${field} mt-1 block w-full disabled:opacity-50`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
              </label>
              <button type="button" className={`${button} bg-red-600 text-white hover:bg-red-700`} disabled={busy || typed !== groupId || mutation.isPending} onClick={apply}>
                Apply reset
              </button>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
