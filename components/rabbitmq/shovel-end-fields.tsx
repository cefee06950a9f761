'use client';
import { inputClass } from './styles';
import { VhostSelect } from './vhost-select';

export type EndDraft = { kind: 'queue' | 'exchange'; name: string; routingKey: string; where: 'vhost' | 'uri'; vhost: string; uri: string };

export const emptyEnd = (vhost: string): EndDraft => ({ kind: 'queue', name: '', routingKey: '', where: 'vhost', vhost, uri: '' });

/** The body's end: a vhost of this broker (no credentials stored) or a URI to another broker. */
export function endBody(e: EndDraft, side: 'source' | 'destination') {
  const where = e.where === 'uri' ? { uri: e.uri } : { vhost: e.vhost };
  if (e.kind === 'queue') return { kind: 'queue' as const, queue: e.name, ...where };
  const routingKey = e.routingKey || (side === 'source' ? '#' : undefined);
  return { kind: 'exchange' as const, exchange: e.name, ...(routingKey === undefined ? {} : { routingKey }), ...where };
}

export function ShovelEndFields({ conn, legend, value, onChange }: { conn: string; legend: 'Source' | 'Destination'; value: EndDraft; onChange: (v: EndDraft) => void }) {
  const set = (patch: Partial<EndDraft>) => onChange({ ...value, ...patch });
  const field = 'flex flex-col gap-1 text-sm';
  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-label={legend}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      <div className="flex gap-3 text-sm">
        <label className="flex items-center gap-1">
          <input type="radio" checked={value.where === 'vhost'} onChange={() => set({ where: 'vhost' })} /> This broker
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" checked={value.where === 'uri'} onChange={() => set({ where: 'uri' })} /> Another broker (URI)
        </label>
      </div>
      {value.where === 'vhost' ? (
        <VhostSelect conn={conn} value={value.vhost} onChange={(vhost) => set({ vhost })} allowAll={false} />
      ) : (
        <label className={field}>
          URI <span className="text-xs text-slate-500">amqp(s)://user:password@host:port/vhost; the password is never shown again</span>
          <input aria-label={`${legend} URI`} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} value={value.uri} onChange={(e) => set({ uri: e.target.value })} />
        </label>
      )}
      <label className={field}>
        Kind
        <select aria-label={`${legend} kind`} className={inputClass} value={value.kind} onChange={(e) => set({ kind: e.target.value as EndDraft['kind'] })}>
          <option value="queue">queue</option>
          <option value="exchange">exchange</option>
        </select>
      </label>
      <label className={field}>
        {value.kind === 'queue' ? 'Queue' : 'Exchange'}
        <input aria-label={`${legend} ${value.kind}`} className={inputClass} value={value.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
      {value.kind === 'exchange' && (
        <label className={field}>
          Routing key <span className="text-xs text-slate-500">{legend === 'Source' ? 'binding key, # when empty' : "empty keeps each message's own"}</span>
          <input aria-label={`${legend} routing key`} className={inputClass} value={value.routingKey} onChange={(e) => set({ routingKey: e.target.value })} />
        </label>
      )}
    </fieldset>
  );
}
