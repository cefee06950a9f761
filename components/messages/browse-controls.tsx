'use client';
import { decodeModeSchema } from '@/lib/contracts/messages';
import { input, label } from '@/components/ui/styles';
import type { BrowseForm, BrowseMode } from './browse-form';

type Props = { form: BrowseForm; mode: BrowseMode; onChange: (patch: Partial<BrowseForm>) => void; partitionCount: number };

export function BrowseControls({ form, mode, onChange, partitionCount }: Props) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className={label}>
        Partitions
        <input
          className={`${input} w-28 font-mono`}
          placeholder={`all (0–${Math.max(0, partitionCount - 1)})`}
          value={form.partitions}
          onChange={(e) => onChange({ partitions: e.target.value })}
          aria-label="Partitions"
        />
      </label>
      {mode !== 'tail' && (
        <label className={label}>
          Start from
          <select className={input} value={form.from} onChange={(e) => onChange({ from: e.target.value as BrowseForm['from'] })} aria-label="Start from">
            <option value="latest">{mode === 'scan' ? 'Latest (newest matches first)' : 'Latest (last N)'}</option>
            <option value="earliest">Earliest</option>
            <option value="offset">Offset</option>
            <option value="timestamp">Timestamp</option>
          </select>
        </label>
      )}
      {mode !== 'tail' && form.from === 'offset' && (
        <label className={label}>
          Offset
          <input className={`${input} w-28 font-mono`} type="number" min={0} value={form.offset} onChange={(e) => onChange({ offset: e.target.value })} aria-label="Offset" />
        </label>
      )}
      {mode !== 'tail' && form.from === 'timestamp' && (
        <label className={label}>
          Time (local)
          <input className={input} type="datetime-local" step={1} value={form.time} onChange={(e) => onChange({ time: e.target.value })} aria-label="Timestamp" />
        </label>
      )}
      {mode !== 'tail' && (
        <label className={label}>
          {mode === 'scan' ? 'Max matches' : 'Limit'}
          <input className={`${input} w-24`} type="number" min={1} max={mode === 'scan' ? 10000 : 1000} value={form.limit} onChange={(e) => onChange({ limit: Number(e.target.value) })} aria-label="Limit" />
        </label>
      )}
      {mode === 'scan' && (
        <label className={label}>
          Max scanned
          <input className={`${input} w-32`} type="number" min={1} value={form.maxScanned} onChange={(e) => onChange({ maxScanned: Number(e.target.value) })} aria-label="Max scanned" />
        </label>
      )}
      {mode === 'browse' && (
        <label className={label}>
          Order
          <select className={input} value={form.order} onChange={(e) => onChange({ order: e.target.value as 'asc' | 'desc' })} aria-label="Order">
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </label>
      )}
      <label className="flex items-center gap-1.5 self-center pt-4 text-xs font-medium text-slate-600 dark:text-slate-400" title="Read to the high watermark: records of aborted and open transactions too, each flagged">
        <input type="checkbox" checked={form.uncommitted} onChange={(e) => onChange({ uncommitted: e.target.checked })} aria-label="Show uncommitted" />
        Show uncommitted
      </label>
      <label className={label}>
        Key as
        <select className={input} value={form.keyMode} onChange={(e) => onChange({ keyMode: decodeModeSchema.parse(e.target.value) })} aria-label="Key as">
          {decodeModeSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className={label}>
        Value as
        <select className={input} value={form.valueMode} onChange={(e) => onChange({ valueMode: decodeModeSchema.parse(e.target.value) })} aria-label="Value as">
          {decodeModeSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
