'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useCreateBindingMutation } from '@/lib/query/rabbitmq-mutations';
import { parseJsonObject } from './json-object-input';
import { buttonClass, inputClass } from './styles';

export function BindingCreateForm({ conn, vhost, source }: { conn: string; vhost: string; source: string }) {
  const create = useCreateBindingMutation(conn);
  const [destinationType, setType] = useState<'queue' | 'exchange'>('queue');
  const [destination, setDestination] = useState('');
  const [routingKey, setRoutingKey] = useState('');
  const [args, setArgs] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      aria-label="New binding"
      className="mt-3 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseJsonObject(args, 'Arguments');
        if ('error' in parsed) return setFormError(parsed.error);
        setFormError(null);
        create.mutate({ vhost, source, destination, destinationType, routingKey, arguments: parsed.value }, { onSuccess: () => setDestination('') });
      }}
    >
      <select aria-label="Destination type" className={inputClass} value={destinationType} onChange={(e) => setType(e.target.value as 'queue' | 'exchange')}>
        <option value="queue">to queue</option>
        <option value="exchange">to exchange</option>
      </select>
      <input required aria-label="Destination" placeholder="destination name" className={inputClass} value={destination} onChange={(e) => setDestination(e.target.value)} />
      <input aria-label="Binding routing key" placeholder="routing key" className={inputClass} value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />
      <input aria-label="Binding arguments" placeholder='arguments {"x-match":"all"}' className={`${inputClass} font-mono`} value={args} onChange={(e) => setArgs(e.target.value)} />
      <button type="submit" className={buttonClass} disabled={create.isPending || !destination}>
        Bind
      </button>
      {(formError || create.error) && <ErrorNotice error={formError ?? create.error} title="Could not bind" />}
    </form>
  );
}
