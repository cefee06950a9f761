'use client';
import { useState } from 'react';
import type { CreateQueueBody, QueueType } from '@/lib/contracts/rabbitmq';
import { useCreateQueueMutation } from '@/lib/query/rabbitmq-mutations';
import { ErrorNotice } from '@/components/ui/error-notice';
import { parseJsonObject } from './json-object-input';
import { buttonClass, cardClass, inputClass } from './styles';
import { VhostSelect } from './vhost-select';

const optionalInt = (s: string) => (s.trim() === '' ? undefined : Number(s));

export function QueueCreateForm({ conn, defaultVhost, onDone }: { conn: string; defaultVhost: string; onDone: () => void }) {
  const create = useCreateQueueMutation(conn);
  const [vhost, setVhost] = useState(defaultVhost);
  const [name, setName] = useState('');
  const [type, setType] = useState<QueueType>('classic');
  const [durable, setDurable] = useState(true);
  const [autoDelete, setAutoDelete] = useState(false);
  const [dlx, setDlx] = useState('');
  const [dlk, setDlk] = useState('');
  const [ttl, setTtl] = useState('');
  const [maxLength, setMaxLength] = useState('');
  const [deliveryLimit, setDeliveryLimit] = useState('');
  const [extra, setExtra] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const submit = () => {
    const args = parseJsonObject(extra, 'Other arguments');
    if ('error' in args) return setFormError(args.error);
    setFormError(null);
    const body: CreateQueueBody = {
      vhost,
      name,
      type,
      durable: type === 'classic' ? durable : true,
      autoDelete: type === 'classic' ? autoDelete : false,
      deadLetterExchange: dlx.trim() === '' ? undefined : dlx === '(default)' ? '' : dlx,
      deadLetterRoutingKey: dlk || undefined,
      messageTtl: optionalInt(ttl),
      maxLength: optionalInt(maxLength),
      deliveryLimit: type === 'quorum' ? optionalInt(deliveryLimit) : undefined,
      arguments: args.value,
    };
    create.mutate(body, { onSuccess: onDone });
  };

  const field = 'flex flex-col gap-1 text-sm';
  return (
    <form
      aria-label="New queue"
      className={`${cardClass} mb-4 grid grid-cols-1 gap-3 sm:grid-cols-3`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <VhostSelect conn={conn} value={vhost} onChange={setVhost} allowAll={false} />
      <label className={field}>
        Name
        <input required className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className={field}>
        Type
        <select className={inputClass} value={type} onChange={(e) => setType(e.target.value as QueueType)}>
          <option value="classic">classic</option>
          <option value="quorum">quorum</option>
          <option value="stream">stream</option>
        </select>
      </label>
      {type === 'classic' && (
        <div className="flex items-center gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={durable} onChange={(e) => setDurable(e.target.checked)} /> Durable
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={autoDelete} onChange={(e) => setAutoDelete(e.target.checked)} /> Auto-delete
          </label>
        </div>
      )}
      <label className={field}>
        Dead-letter exchange <span className="text-xs text-slate-500">empty: none; &quot;(default)&quot;: the default exchange</span>
        <input className={inputClass} value={dlx} onChange={(e) => setDlx(e.target.value)} />
      </label>
      <label className={field}>
        Dead-letter routing key
        <input className={inputClass} value={dlk} onChange={(e) => setDlk(e.target.value)} />
      </label>
      <label className={field}>
        Message TTL (ms)
        <input type="number" min={0} className={inputClass} value={ttl} onChange={(e) => setTtl(e.target.value)} />
      </label>
      <label className={field}>
        Max length (messages)
        <input type="number" min={0} className={inputClass} value={maxLength} onChange={(e) => setMaxLength(e.target.value)} />
      </label>
      {type === 'quorum' && (
        <label className={field}>
          Delivery limit
          <input type="number" min={0} className={inputClass} value={deliveryLimit} onChange={(e) => setDeliveryLimit(e.target.value)} />
        </label>
      )}
      <label className={`${field} sm:col-span-3`}>
        Other arguments (JSON object)
        <textarea rows={2} className={`${inputClass} font-mono`} placeholder='{"x-max-priority": 10}' value={extra} onChange={(e) => setExtra(e.target.value)} />
      </label>
      <div className="sm:col-span-3">
        {(formError || create.error) && <ErrorNotice error={formError ?? create.error} title="Could not create the queue" />}
        <button type="submit" className={`${buttonClass} mt-2`} disabled={create.isPending || !name}>
          Create queue
        </button>
      </div>
    </form>
  );
}
