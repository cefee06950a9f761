'use client';
import Link from 'next/link';
import { useState } from 'react';
import { JobProgressView } from '@/components/jobs/job-progress';
import { ErrorNotice } from '@/components/ui/error-notice';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatCount } from '@/lib/format';
import { useQueueQuery } from '@/lib/query/rabbitmq-browse';
import { ApiRequestError } from '@/lib/query/api-fetch';
import type { RabbitmqMoveParams } from '@/lib/contracts/jobs';
import { useJobQuery, useJobStream, useStartJobMutation } from '@/lib/query/jobs';
import { DELIVERY_LIMIT_CODE, useMovePreviewQuery, useRedriveProposalMutation, type MovePreviewQuery } from '@/lib/query/rabbitmq-messages';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { MovePreviewView } from './move-preview';
import { ReadConfirmDialog } from './read-confirm-dialog';
import { buttonClass, cardClass, inputClass, secondaryButtonClass } from './styles';
import { useCan } from '@/components/connections/use-can';

export function MovePanel({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const canMutate = useCan(conn, 'mutations');
  const { data: detail, error: detailError } = useQueueQuery(conn, vhost, name);
  const isStream = detail?.queue.type === 'stream';
  const cost = detail?.readCost ?? null;
  // The proposal reads the head message and requeues it (redelivered flag set; on a quorum queue before RabbitMQ
  // 4.3 that counts toward its delivery limit): it is read only when asked for, and asked again where it costs.
  const proposal = useRedriveProposalMutation(conn, vhost, name);
  const [asking, setAsking] = useState<{ serverSaid: string | null } | null>(null);
  const propose = (confirmDeliveryLimit: boolean) =>
    proposal.mutate(confirmDeliveryLimit ? { confirmDeliveryLimit: true } : {}, {
      onSuccess: (data) => {
        setAsking(null);
        if (data.exchange !== null) {
          setMode('exchange');
          setExchange(data.exchange);
          setRoutingKey(data.routingKey ?? '');
        }
      },
      onError: (e) => setAsking(e instanceof ApiRequestError && e.code === DELIVERY_LIMIT_CODE ? { serverSaid: e.message } : null),
    });
  const [mode, setMode] = useState<'queue' | 'exchange'>('exchange');
  const [toQueue, setToQueue] = useState('');
  const [exchange, setExchange] = useState('');
  const [routingKey, setRoutingKey] = useState('');
  const [keepKey, setKeepKey] = useState(false);
  const [limit, setLimit] = useState('');
  const [filter, setFilter] = useState('');
  // The destination as the form holds it when "Move…" is pressed: the preview and the job use the same one.
  const [asked, setAsked] = useState<MovePreviewQuery | null>(null);
  const preview = useMovePreviewQuery(conn, vhost, name, asked);
  const startJob = useStartJobMutation();
  const [jobId, setJobId] = useState<string | null>(null);
  const { data: job } = useJobQuery(jobId);
  useJobStream(jobId ?? '', job?.status === 'running');

  const destination = (): MovePreviewQuery => ({
    ...(mode === 'queue' ? { toQueue } : { toExchange: exchange || 'amq.default', ...(keepKey ? { keepRoutingKey: true } : { routingKey }) }),
    ...(limit ? { limit: Number(limit) } : {}),
    ...(filter.trim() ? { filter } : {}),
  });
  const start = (q: MovePreviewQuery) => {
    const params: RabbitmqMoveParams = {
      kind: 'rabbitmq-move',
      source: { connection: conn, vhost, queue: name, ...(q.limit ? { limit: q.limit } : {}), ...(q.filter ? { filter: q.filter } : {}) },
      target: { connection: conn, ...(q.toQueue !== undefined ? { queue: q.toQueue, keepRoutingKey: false } : { exchange: q.toExchange, routingKey: q.routingKey, keepRoutingKey: !!q.keepRoutingKey }) },
      batchSize: 200,
    };
    startJob.mutate(
      { params, dryRun: false },
      {
        onSuccess: (j) => {
          setAsked(null);
          setJobId(j.id);
        },
      },
    );
  };

  if (isNotFound(detailError)) return <NotFoundNotice error={detailError} backHref={`/connections/${encodeURIComponent(conn)}/queues`} backLabel="Back to the queues" />;
  if (!canMutate) return <ErrorNotice error="This connection is read-only: moving messages is not allowed." title="Read-only" />;
  if (isStream) return <ErrorNotice error="Messages cannot be moved out of a stream: streams are read without removing anything." title="Stream queue" />;
  return (
    <>
      <PageHeader title={`Move messages from ${name}`} subtitle={`vhost ${vhost} · ${formatCount(detail?.queue.ready ?? null)} ready`} />
      <section className="mb-3 text-sm" aria-label="Redrive proposal">
        <button type="button" className={secondaryButtonClass} disabled={proposal.isPending || !cost || cost.readOnlyRefused} onClick={() => (cost?.confirmNeeded ? setAsking({ serverSaid: null }) : propose(false))}>
          {proposal.isPending ? 'Reading…' : 'Propose a target from the first message'}
        </button>{' '}
        <span className="text-slate-500">
          reads the first message and puts it back (its redelivered flag is set)
          {cost?.confirmNeeded ? `; ${cost.summary}` : cost?.queueType === 'classic' ? '; a classic queue has no delivery limit' : ''}
        </span>
      </section>
      {asking && cost && (
        <ReadConfirmDialog cost={cost} count={1} serverSaid={asking.serverSaid} actionLabel="Read it and requeue" pending={proposal.isPending} onConfirm={() => propose(true)} onCancel={() => setAsking(null)} />
      )}
      {proposal.data?.stopped && (
        <p role="status" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {proposal.data.stopped.message}
        </p>
      )}
      {proposal.data && proposal.data.exchange === null && !proposal.data.stopped && (
        <p className="mb-3 text-sm text-slate-500">{proposal.data.sampled === 0 ? 'The queue is empty: nothing to propose.' : 'The first message carries no dead-letter history: nothing to propose.'}</p>
      )}
      {proposal.data?.exchange !== null && proposal.data?.exchange !== undefined && (
        <p data-testid="redrive-proposal" className="mb-3 rounded bg-sky-50 p-2 text-sm dark:bg-sky-950/40">
          The first message was dead-lettered from queue <strong>{proposal.data.originalQueue ?? 'unknown'}</strong> ({proposal.data.reason ?? 'reason unknown'}); it was
          published to exchange <strong>{proposal.data.exchange || '(default)'}</strong> with routing key <strong>{proposal.data.routingKey ?? ''}</strong>. Proposed below. (Wharf read that
          message and put it back: its redelivered flag is now set{proposal.data.delivery?.deliveriesLeft != null ? `, and it has ${proposal.data.delivery.deliveriesLeft} requeue(s) left` : ''}.)
        </p>
      )}
      <form
        aria-label="Move messages"
        className={`${cardClass} grid grid-cols-1 gap-3 sm:grid-cols-2`}
        onSubmit={(e) => {
          e.preventDefault();
          startJob.reset();
          setAsked(destination());
        }}
      >
        <fieldset className="flex gap-4 text-sm sm:col-span-2">
          <legend className="sr-only">Destination kind</legend>
          <label className="flex items-center gap-1">
            <input type="radio" checked={mode === 'exchange'} onChange={() => setMode('exchange')} /> To an exchange
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" checked={mode === 'queue'} onChange={() => setMode('queue')} /> Straight to a queue
          </label>
        </fieldset>
        {mode === 'queue' ? (
          <label className="flex flex-col gap-1 text-sm">
            Destination queue
            <input required className={inputClass} value={toQueue} onChange={(e) => setToQueue(e.target.value)} />
          </label>
        ) : (
          <>
            <label className="flex flex-col gap-1 text-sm">
              Exchange (empty: default exchange)
              <input className={inputClass} value={exchange} onChange={(e) => setExchange(e.target.value)} />
            </label>
            <div className="flex flex-col gap-1 text-sm">
              <label className="flex flex-col gap-1">
                Routing key
                <input className={inputClass} value={routingKey} disabled={keepKey} onChange={(e) => setRoutingKey(e.target.value)} />
              </label>
              <label className="flex items-center gap-1 text-xs">
                <input type="checkbox" checked={keepKey} onChange={(e) => setKeepKey(e.target.checked)} /> Each message&apos;s original routing key (from x-death)
              </label>
            </div>
          </>
        )}
        <label className="flex flex-col gap-1 text-sm">
          How many (empty: all, counted at start)
          <input type="number" min={1} className={inputClass} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Only messages matching (CEL, optional)
          <input className={`${inputClass} font-mono`} placeholder='headers["x-first-death-reason"] == "rejected"' value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <p className="text-xs text-slate-500 sm:col-span-2">
          Each batch is one AMQP transaction: copies are published and originals acknowledged together, so if Wharf or its connection stops mid-way every message is in
          the source or the destination once (a crash of the broker node itself during a commit is not covered by RabbitMQ). Messages that do not match the filter go back
          to the end of the source queue.
        </p>
        <div className="flex gap-2 sm:col-span-2">
          <button type="submit" className={buttonClass} disabled={job?.status === 'running'}>
            Move…
          </button>
        </div>
      </form>
      {asked && (
        <ConfirmNameDialog title={`Move messages out of ${name}`} name={name} actionLabel="Move" pending={startJob.isPending} onConfirm={() => start(asked)} onCancel={() => setAsked(null)}>
          {preview.data ? <MovePreviewView preview={preview.data} /> : preview.error ? <ErrorNotice error={preview.error} title="No preview" /> : <p>Reading the queue and the destination…</p>}
          {startJob.error && <ErrorNotice error={startJob.error} title="The move was not started" />}
        </ConfirmNameDialog>
      )}
      {job && (
        <section className={`${cardClass} mt-4`} aria-label="Move job">
          <JobProgressView job={job} />
          {job.result && (
            <p role="status" data-testid="move-result" className="mt-2 text-sm">
              {job.result.details[0]}
            </p>
          )}
          {job.error && <ErrorNotice error={new Error(job.error)} title="The move stopped" />}
          <Link className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400" href={`/jobs/${job.id}`}>
            Open the job (cancel, resume)
          </Link>
        </section>
      )}
      {proposal.error && !asking && <ErrorNotice error={proposal.error} title="Could not read the head message" />}
    </>
  );
}
