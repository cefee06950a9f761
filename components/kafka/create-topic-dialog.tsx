'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { connectionHref } from '@/components/shell/nav-items';
import { useCreateTopicMutation } from '@/lib/query/kafka-topics';
import { Dialog } from '@/components/ui/dialog';
import { btn, btnPrimary, input, label } from '@/components/ui/styles';

/** "key=value" per line -> configs; blank lines ignored. Returns an error string for a malformed line. */
export function parseConfigLines(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `Line ${i + 1}: expected key=value`;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function CreateTopicDialog({ conn, onClose }: { conn: string; onClose: () => void }) {
  const router = useRouter();
  const create = useCreateTopicMutation(conn);
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState(1);
  const [rf, setRf] = useState(1);
  const [configs, setConfigs] = useState('');
  const parsed = parseConfigLines(configs);
  return (
    <Dialog title="Create topic" onClose={onClose}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (typeof parsed === 'string') return;
          create.mutate(
            { name: name.trim(), partitions, replicationFactor: rf, configs: parsed },
            { onSuccess: () => router.push(`${connectionHref(conn, 'topics')}/${encodeURIComponent(name.trim())}`) },
          );
        }}
      >
        <label className={label}>
          Name
          <input className={`${input} font-mono`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={249} pattern="[a-zA-Z0-9._\-]+" autoFocus />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className={label}>
            Partitions
            <input className={input} type="number" min={1} max={10000} value={partitions} onChange={(e) => setPartitions(Number(e.target.value))} />
          </label>
          <label className={label}>
            Replication factor
            <input className={input} type="number" min={1} max={32} value={rf} onChange={(e) => setRf(Number(e.target.value))} />
          </label>
        </div>
        <label className={label}>
          Configs (one key=value per line)
          <textarea className={`${input} h-20 font-mono`} value={configs} onChange={(e) => setConfigs(e.target.value)} placeholder="retention.ms=604800000" />
        </label>
        {typeof parsed === 'string' && <p className="text-sm text-red-600">{parsed}</p>}
        {create.error && <ErrorNotice error={create.error} title="The broker refused" />}
        <div className="flex justify-end gap-2">
          <button type="button" className={btn} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={btnPrimary} disabled={create.isPending || !name.trim() || typeof parsed === 'string'}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
