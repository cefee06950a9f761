'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { btn, btnPrimary, input, label } from '@/components/ui/styles';
import type { BrokerConfigEntry, BrokerConfigSource } from '@/lib/contracts/broker-configs';
import { useAlterBrokerConfigsMutation, type BrokerScope } from '@/lib/query/broker-configs';
import { ConfigValue, SourceBadge } from './broker-config-source';

type Props = { conn: string; scope: BrokerScope; entry: BrokerConfigEntry; onClose: () => void };

/**
 * Changes one key at one level, saying first exactly what will be in force afterwards and where. Kafka validates
 * the value; its refusal is shown here, and nothing changes.
 */
export function BrokerConfigDialog({ conn, scope, entry, onClose }: Props) {
  const alter = useAlterBrokerConfigsMutation(conn, scope);
  const [mode, setMode] = useState<'set' | 'reset'>('set');
  const [value, setValue] = useState(entry.sensitive || entry.value === null ? '' : entry.value);
  const level: BrokerConfigSource = scope === 'cluster' ? 'cluster-default' : 'broker';
  const after = mode === 'reset' ? entry.fallback : { value, source: level };
  const unchanged = mode === 'set' && !entry.sensitive && entry.setHere && value === entry.value;
  const where = scope === 'cluster' ? 'on every broker that has no override of its own' : `on broker ${scope}`;

  return (
    <Dialog title={`${entry.name} ${scope === 'cluster' ? '(cluster-wide default)' : `(broker ${scope})`}`} onClose={onClose} size="lg" closeButton>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          alter.mutate(mode === 'reset' ? { reset: [entry.name] } : { set: { [entry.name]: value } }, { onSuccess: onClose });
        }}
      >
        {entry.documentation && <p className="text-xs text-slate-500 dark:text-slate-400">{entry.documentation}</p>}
        {entry.setHere && (
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Change</legend>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === 'set'} onChange={() => setMode('set')} /> Set a new value
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === 'reset'} onChange={() => setMode('reset')} /> Reset
            </label>
          </fieldset>
        )}
        {mode === 'set' && (
          <label className={label}>
            New value ({entry.type}){entry.sensitive && ' — sensitive: the current value is not shown'}
            {entry.type === 'boolean' ? (
              <select className={input} value={value} onChange={(e) => setValue(e.target.value)} autoFocus>
                <option value="" disabled>
                  choose
                </option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input className={`${input} font-mono`} type={entry.sensitive ? 'password' : 'text'} value={value} onChange={(e) => setValue(e.target.value)} autoFocus required />
            )}
          </label>
        )}
        <div className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700" data-testid="broker-config-preview">
          <p className="mb-2 font-medium">What changes {where}</p>
          <p className="flex flex-wrap items-center gap-1.5">
            <span className="text-slate-500">now</span> <ConfigValue value={entry.value} sensitive={entry.sensitive} /> <SourceBadge source={entry.source} />
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-1.5">
            <span className="text-slate-500">after</span>
            {after ? (
              <>
                <ConfigValue value={after.value} sensitive={entry.sensitive} /> <SourceBadge source={after.source} />
              </>
            ) : (
              <span className="text-slate-400">unknown</span>
            )}
          </p>
          {scope === 'cluster' && <p className="mt-2 text-xs text-slate-500">A broker with its own override keeps it; static values in server.properties are overridden by a cluster default.</p>}
        </div>
        {alter.error && <ErrorNotice error={alter.error} title="Kafka refused the change" />}
        <div className="flex justify-end gap-2">
          <button type="button" className={btn} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={btnPrimary} disabled={alter.isPending || unchanged || (mode === 'set' && value === '' && entry.type === 'boolean')}>
            {alter.isPending ? 'Applying…' : mode === 'reset' ? 'Reset' : 'Apply'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
