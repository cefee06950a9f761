'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { createShovelBodySchema, type AckMode, type CreateShovelBody } from '@/lib/contracts/rabbitmq-shovels';
import { useCreateShovelMutation, useShovelPreviewMutation } from '@/lib/query/rabbitmq-shovels';
import { ShovelEndFields, emptyEnd, endBody, type EndDraft } from './shovel-end-fields';
import { ShovelPreviewPanel } from './shovel-preview';
import { buttonClass, cardClass, inputClass, secondaryButtonClass } from './styles';
import { VhostSelect } from './vhost-select';

type DeleteAfterMode = 'never' | 'queue-length' | 'count';

/** Validated against the contract as typed, previewed (what it will move), then created; the server checks again. */
export function ShovelCreateForm({ conn, defaultVhost, onDone }: { conn: string; defaultVhost: string; onDone: () => void }) {
  const [vhost, setVhost] = useState(defaultVhost);
  const [name, setName] = useState('');
  const [source, setSource] = useState<EndDraft>(emptyEnd(defaultVhost));
  const [destination, setDestination] = useState<EndDraft>(emptyEnd(defaultVhost));
  const [ackMode, setAckMode] = useState<AckMode>('on-confirm');
  const [deleteAfter, setDeleteAfter] = useState<DeleteAfterMode>('never');
  const [count, setCount] = useState('100');
  const [prefetch, setPrefetch] = useState('1000');
  const preview = useShovelPreviewMutation(conn);
  const create = useCreateShovelMutation(conn);
  const [previewed, setPreviewed] = useState<string | null>(null);

  const body: CreateShovelBody = {
    vhost,
    name,
    source: endBody(source, 'source'),
    destination: endBody(destination, 'destination'),
    ackMode,
    deleteAfter: deleteAfter === 'count' ? Number(count) : deleteAfter,
    prefetch: Number(prefetch),
  };
  const parsed = createShovelBodySchema.safeParse(body);
  const problem = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`)[0];
  const key = JSON.stringify(body);
  const current = preview.data && previewed === key ? preview.data : null;

  const field = 'flex flex-col gap-1 text-sm';
  return (
    <form
      aria-label="New shovel"
      className={`${cardClass} mb-4 grid grid-cols-1 gap-3 md:grid-cols-2`}
      onSubmit={(e) => {
        e.preventDefault();
        if (current && !current.exists) create.mutate(body, { onSuccess: onDone });
      }}
    >
      <VhostSelect conn={conn} value={vhost} onChange={setVhost} allowAll={false} />
      <label className={field}>
        Name
        <input aria-label="Shovel name" required className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <ShovelEndFields conn={conn} legend="Source" value={source} onChange={setSource} />
      <ShovelEndFields conn={conn} legend="Destination" value={destination} onChange={setDestination} />
      <label className={field}>
        Ack mode
        <select aria-label="Ack mode" className={inputClass} value={ackMode} onChange={(e) => setAckMode(e.target.value as AckMode)}>
          <option value="on-confirm">on-confirm (after the destination confirms: no loss)</option>
          <option value="on-publish">on-publish (after publishing: may lose in-flight messages)</option>
          <option value="no-ack">no-ack (fastest, may lose messages)</option>
        </select>
      </label>
      <label className={field}>
        Prefetch
        <input aria-label="Prefetch" type="number" min={1} max={65535} className={inputClass} value={prefetch} onChange={(e) => setPrefetch(e.target.value)} />
      </label>
      <fieldset className="flex flex-wrap items-center gap-3 text-sm md:col-span-2">
        <legend className="mb-1 text-sm">Delete after</legend>
        {(['never', 'queue-length', 'count'] as const).map((m) => (
          <label key={m} className="flex items-center gap-1">
            <input type="radio" name="delete-after" checked={deleteAfter === m} onChange={() => setDeleteAfter(m)} />
            {m === 'never' ? 'never' : m === 'queue-length' ? 'the queue length at start' : 'a number of messages'}
          </label>
        ))}
        {deleteAfter === 'count' && <input aria-label="Delete after messages" type="number" min={1} className={`${inputClass} w-32`} value={count} onChange={(e) => setCount(e.target.value)} />}
      </fieldset>
      <div className="md:col-span-2">
        {problem && name && <p className="mb-2 text-sm text-amber-700 dark:text-amber-400" data-testid="shovel-form-problem">{problem}</p>}
        {current && <ShovelPreviewPanel preview={current} />}
        {(preview.error || create.error) && <ErrorNotice error={create.error ?? preview.error} title={create.error ? 'Could not create the shovel' : 'Could not preview'} />}
        <div className="mt-2 flex gap-2">
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={!parsed.success || preview.isPending}
            onClick={() => preview.mutate(body, { onSuccess: () => setPreviewed(key) })}
          >
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
          <button type="submit" className={buttonClass} disabled={!current || current.exists || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create shovel'}
          </button>
        </div>
      </div>
    </form>
  );
}
