'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useCreateExchangeMutation } from '@/lib/query/rabbitmq-mutations';
import { parseJsonObject } from './json-object-input';
import { buttonClass, cardClass, inputClass } from './styles';
import { VhostSelect } from './vhost-select';

export function ExchangeCreateForm({ conn, defaultVhost, onDone }: { conn: string; defaultVhost: string; onDone: () => void }) {
  const create = useCreateExchangeMutation(conn);
  const [vhost, setVhost] = useState(defaultVhost);
  const [name, setName] = useState('');
  const [type, setType] = useState('direct');
  const [durable, setDurable] = useState(true);
  const [autoDelete, setAutoDelete] = useState(false);
  const [internal, setInternal] = useState(false);
  const [args, setArgs] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      aria-label="New exchange"
      className={`${cardClass} mb-4 grid grid-cols-1 gap-3 sm:grid-cols-3`}
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseJsonObject(args, 'Arguments');
        if ('error' in parsed) return setFormError(parsed.error);
        setFormError(null);
        create.mutate({ vhost, name, type, durable, autoDelete, internal, arguments: parsed.value }, { onSuccess: onDone });
      }}
    >
      <VhostSelect conn={conn} value={vhost} onChange={setVhost} allowAll={false} />
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input required className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Type
        <select className={inputClass} value={type} onChange={(e) => setType(e.target.value)}>
          {['direct', 'fanout', 'topic', 'headers'].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <div className="flex items-center gap-4 text-sm sm:col-span-3">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={durable} onChange={(e) => setDurable(e.target.checked)} /> Durable
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={autoDelete} onChange={(e) => setAutoDelete(e.target.checked)} /> Auto-delete
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Internal
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm sm:col-span-3">
        Arguments (JSON object)
        <textarea rows={2} className={`${inputClass} font-mono`} placeholder='{"alternate-exchange": "unrouted"}' value={args} onChange={(e) => setArgs(e.target.value)} />
      </label>
      <div className="sm:col-span-3">
        {(formError || create.error) && <ErrorNotice error={formError ?? create.error} title="Could not create the exchange" />}
        <button type="submit" className={`${buttonClass} mt-2`} disabled={create.isPending || !name}>
          Create exchange
        </button>
      </div>
    </form>
  );
}
