'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { HeaderValue, MessageProperties } from '@/lib/contracts/rabbitmq-messages';
import { usePublishMutation } from '@/lib/query/rabbitmq-mutations';
import { parseJsonObject } from './json-object-input';
import { buttonClass, inputClass } from './styles';

type Encoding = 'text' | 'json' | 'base64';
const TEXT_PROPS = [
  ['contentType', 'Content type'],
  ['messageId', 'Message id'],
  ['correlationId', 'Correlation id'],
  ['replyTo', 'Reply to'],
  ['expiration', 'Expiration (ms)'],
  ['type', 'Type'],
  ['appId', 'App id'],
] as const;

export function PublishForm({ conn, vhost, exchange }: { conn: string; vhost: string; exchange: string }) {
  const publish = usePublishMutation(conn, vhost, exchange);
  const [routingKey, setRoutingKey] = useState('');
  const [payload, setPayload] = useState('');
  const [encoding, setEncoding] = useState<Encoding>('text');
  const [props, setProps] = useState<Record<string, string>>({});
  const [deliveryMode, setDeliveryMode] = useState<'' | '1' | '2'>('');
  const [priority, setPriority] = useState('');
  const [timestamp, setTimestamp] = useState(false);
  const [headers, setHeaders] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const submit = () => {
    const h = parseJsonObject(headers, 'Headers');
    if ('error' in h) return setFormError(h.error);
    setFormError(null);
    const properties: MessageProperties = {};
    for (const [k] of TEXT_PROPS) if (props[k]) properties[k] = props[k];
    if (deliveryMode) properties.deliveryMode = Number(deliveryMode) as 1 | 2;
    if (priority) properties.priority = Number(priority);
    if (timestamp) properties.timestamp = Math.floor(Date.now() / 1000);
    publish.mutate({ routingKey, payload, payloadEncoding: encoding, properties, headers: h.value as Record<string, HeaderValue> });
  };

  return (
    <form
      aria-label="Publish message"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        Routing key
        <input className={inputClass} value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Payload encoding
        <select aria-label="Payload encoding" className={inputClass} value={encoding} onChange={(e) => setEncoding(e.target.value as Encoding)}>
          <option value="text">text (UTF-8)</option>
          <option value="json">JSON</option>
          <option value="base64">base64 (binary)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm sm:col-span-2">
        Payload
        <textarea rows={5} className={`${inputClass} font-mono`} value={payload} onChange={(e) => setPayload(e.target.value)} />
      </label>
      {TEXT_PROPS.map(([k, label]) => (
        <label key={k} className="flex flex-col gap-1 text-sm">
          {label}
          <input className={inputClass} value={props[k] ?? ''} onChange={(e) => setProps((p) => ({ ...p, [k]: e.target.value }))} />
        </label>
      ))}
      <label className="flex flex-col gap-1 text-sm">
        Delivery mode
        <select className={inputClass} value={deliveryMode} onChange={(e) => setDeliveryMode(e.target.value as '' | '1' | '2')}>
          <option value="">unset</option>
          <option value="1">1 (transient)</option>
          <option value="2">2 (persistent)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Priority (0-255)
        <input type="number" min={0} max={255} className={inputClass} value={priority} onChange={(e) => setPriority(e.target.value)} />
      </label>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" checked={timestamp} onChange={(e) => setTimestamp(e.target.checked)} /> Set timestamp to now
      </label>
      <label className="flex flex-col gap-1 text-sm sm:col-span-2">
        Headers (JSON object: strings, numbers, booleans, nested objects, arrays; bytes as {'{"$bytes": "<base64>"}'})
        <textarea rows={3} className={`${inputClass} font-mono`} value={headers} onChange={(e) => setHeaders(e.target.value)} />
      </label>
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass} disabled={publish.isPending}>
          Publish
        </button>
        {publish.data && (
          <p role="status" data-testid="publish-result" className={`mt-2 text-sm ${publish.data.routed ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}`}>
            {publish.data.routed ? 'Routed: at least one queue received the message.' : 'Unroutable: no binding matched, the broker returned the message.'}
          </p>
        )}
        {(formError || publish.error) && <ErrorNotice error={formError ?? publish.error} title="Could not publish" />}
      </div>
    </form>
  );
}
