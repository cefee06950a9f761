'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { btn, btnPrimary, input, label } from '@/components/ui/styles';
import { useConnectionsQuery } from '@/lib/query/connections';
import { useJobQuery, useJobStream, useStartJobMutation } from '@/lib/query/jobs';
import { JobProgressView } from './job-progress';
import { initialReplayForm, toReplayParams, type PositionForm, type ReplayForm } from './replay-form';

function PositionField({ name, value, onChange, endLabel }: { name: string; value: PositionForm; onChange: (p: PositionForm) => void; endLabel: string }) {
  return (
    <label className={label}>
      {name}
      <div className="flex flex-wrap gap-2">
        <select className={`${input} min-w-0 flex-1`} value={value.kind} onChange={(e) => onChange({ kind: e.target.value as PositionForm['kind'], value: '' })}>
          <option value={endLabel}>{endLabel === 'earliest' ? 'Earliest' : 'Latest (end when the job starts)'}</option>
          <option value="offset">Offset</option>
          <option value="timestamp">Time</option>
        </select>
        {value.kind === 'offset' && <input aria-label={`${name} offset`} className={`${input} w-32`} inputMode="numeric" value={value.value} onChange={(e) => onChange({ ...value, value: e.target.value })} />}
        {value.kind === 'timestamp' && <input aria-label={`${name} time`} type="datetime-local" step="1" className={input} value={value.value} onChange={(e) => onChange({ ...value, value: e.target.value })} />}
      </div>
    </label>
  );
}

function DryRunResult({ id }: { id: string }) {
  const { data: job } = useJobQuery(id);
  useJobStream(id, job?.status === 'running');
  if (!job) return null;
  return (
    <section aria-label="Dry run" data-testid="dry-run-result" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <JobProgressView job={job} />
      {job.result?.details.map((d) => (
        <p key={d} className="mt-1">
          {d}
        </p>
      ))}
      {job.error && <p className="mt-1 text-red-600">{job.error}</p>}
    </section>
  );
}

/** Replays a range of a topic (optionally filtered) into a topic or an exchange, as a job with a progress bar. */
export function ReplayDialog({ connection, topic, preset, onClose }: { connection: string; topic: string; preset?: Partial<ReplayForm>; onClose: () => void }) {
  const router = useRouter();
  const [form, setForm] = useState<ReplayForm>(() => initialReplayForm(connection, topic, preset));
  const [formError, setFormError] = useState<string | null>(null);
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const start = useStartJobMutation();
  const { data } = useConnectionsQuery();
  const set = (patch: Partial<ReplayForm>) => setForm((f) => ({ ...f, ...patch }));
  const targets = (data?.connections ?? []).filter((c) => c.capabilities.mutations && (form.targetKind === 'kafka' ? c.capabilities.topics : c.capabilities.exchanges));
  const sameTopic = form.targetKind === 'kafka' && form.targetConnection === connection && form.targetTopic === topic;

  const submit = (dryRun: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    const built = toReplayParams(connection, topic, form);
    if (!built.ok) return setFormError(built.message);
    setFormError(null);
    // A dry run answers here, beside the form it counted, so the form can be changed and run for real.
    start.mutate({ params: built.params, dryRun }, { onSuccess: (job) => (dryRun ? setDryRunId(job.id) : router.push(`/jobs/${job.id}`)) });
  };

  return (
    <Dialog title={`Replay messages from ${topic}`} onClose={onClose}>
      <form onSubmit={submit(false)} className="grid gap-3" noValidate>
        <label className={label}>
          Partitions (empty: all)
          <input className={input} value={form.partitions} onChange={(e) => set({ partitions: e.target.value })} placeholder="e.g. 0, 2" />
        </label>
        {/* One above the other: side by side, the second field's offset input overflowed the dialog. */}
        <PositionField name="From" value={form.from} endLabel="earliest" onChange={(from) => set({ from })} />
        <PositionField name="To (exclusive)" value={form.to} endLabel="latest" onChange={(to) => set({ to })} />
        <label className={label}>
          Filter (CEL, optional)
          <input className={`${input} font-mono`} value={form.filter} onChange={(e) => set({ filter: e.target.value })} placeholder='value.status == "failed"' />
        </label>
        <fieldset className="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 text-xs font-medium text-slate-600 dark:text-slate-400">Target</legend>
          <div className="flex gap-2">
            <select aria-label="Target kind" className={input} value={form.targetKind} onChange={(e) => set({ targetKind: e.target.value as ReplayForm['targetKind'], targetConnection: '' })}>
              <option value="kafka">Kafka topic</option>
              <option value="rabbitmq">RabbitMQ exchange</option>
            </select>
            <select aria-label="Target connection" className={`${input} flex-1`} value={form.targetConnection} onChange={(e) => set({ targetConnection: e.target.value })}>
              <option value="">Choose a connection…</option>
              {targets.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {form.targetKind === 'kafka' ? (
            <>
              <input aria-label="Target topic" className={input} value={form.targetTopic} onChange={(e) => set({ targetTopic: e.target.value })} />
              <div className="flex flex-wrap items-center gap-3 text-sm">
                <select aria-label="Partitioning" className={input} value={form.partitioning} onChange={(e) => set({ partitioning: e.target.value as ReplayForm['partitioning'] })}>
                  <option value="keep">Same partition</option>
                  <option value="key">By key</option>
                  <option value="fixed">One partition</option>
                </select>
                {form.partitioning === 'fixed' && <input aria-label="Target partition" className={`${input} w-20`} value={form.fixedPartition} onChange={(e) => set({ fixedPartition: e.target.value })} />}
                <label className="flex items-center gap-1.5">
                  <input type="checkbox" checked={form.keepTimestamp} onChange={(e) => set({ keepTimestamp: e.target.checked })} /> keep timestamps
                </label>
                <label className="flex items-center gap-1.5">
                  <input type="checkbox" checked={form.createTopic} onChange={(e) => set({ createTopic: e.target.checked })} /> create if missing
                </label>
              </div>
              {sameTopic && (
                <label className="flex items-center gap-1.5 text-sm text-amber-700 dark:text-amber-400">
                  <input type="checkbox" checked={form.allowSameTopic} onChange={(e) => set({ allowSameTopic: e.target.checked })} /> This replays the topic into itself and duplicates its messages: I mean it
                </label>
              )}
            </>
          ) : (
            <div className="grid grid-cols-3 gap-2">
              <input aria-label="Vhost" className={input} value={form.vhost} onChange={(e) => set({ vhost: e.target.value })} />
              <input aria-label="Exchange" className={input} value={form.exchange} onChange={(e) => set({ exchange: e.target.value })} placeholder="exchange" />
              <input aria-label="Routing key" className={`${input} font-mono`} value={form.routingKey} onChange={(e) => set({ routingKey: e.target.value })} title="{key}, {topic}, {partition}, {header:NAME}" />
            </div>
          )}
        </fieldset>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={form.provenanceHeaders} onChange={(e) => set({ provenanceHeaders: e.target.checked })} /> add provenance headers (source connection, topic, partition, offset)
        </label>
        {dryRunId && <DryRunResult id={dryRunId} />}
        {formError && <p role="alert" className="text-sm text-red-600">{formError}</p>}
        {start.error && <ErrorNotice error={start.error} title="The replay was refused" />}
        <div className="flex justify-end gap-2 pt-1">
          <button type="button" className={btn} onClick={onClose}>
            Close
          </button>
          <button type="button" className={btn} onClick={submit(true)} disabled={start.isPending}>
            Dry run (count only)
          </button>
          <button type="submit" className={btnPrimary} disabled={start.isPending}>
            Start replay
          </button>
        </div>
      </form>
    </Dialog>
  );
}
