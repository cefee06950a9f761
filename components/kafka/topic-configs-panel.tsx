'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { TopicConfigEntry } from '@/lib/contracts/kafka';
import { useAlterTopicConfigsMutation, useTopicConfigsQuery } from '@/lib/query/kafka-topics';
import { btn, btnPrimary, card, input, td, th } from '@/components/ui/styles';

function ConfigRow({ entry, canEdit, onSave, onReset, busy }: { entry: TopicConfigEntry; canEdit: boolean; onSave: (v: string) => void; onReset: () => void; busy: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <tr className="border-b border-slate-100 last:border-0 dark:border-slate-800/60" data-testid={`config-${entry.name}`}>
      <td className={`${td} font-mono`}>{entry.name}</td>
      <td className={`${td} max-w-md break-all font-mono`}>
        {editing !== null ? (
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              onSave(editing);
              setEditing(null);
            }}
          >
            <input aria-label={`Value of ${entry.name}`} className={`${input} w-full font-mono`} value={editing} onChange={(e) => setEditing(e.target.value)} autoFocus />
            <button type="submit" className={btnPrimary} disabled={busy}>
              Save
            </button>
            <button type="button" className={btn} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        ) : entry.sensitive ? (
          <span className="text-slate-400">•••••• (sensitive)</span>
        ) : (
          (entry.value ?? <span className="text-slate-400">null</span>)
        )}
      </td>
      <td className={td}>{entry.isDefault ? <span className="text-slate-400">default</span> : <span className="font-medium text-sky-700 dark:text-sky-400">overridden</span>}</td>
      <td className={`${td} text-slate-500`}>{entry.source}</td>
      <td className={`${td} whitespace-nowrap text-right`}>
        {canEdit && !entry.readOnly && editing === null && (
          <>
            <button type="button" className="text-sm text-sky-700 hover:underline dark:text-sky-400" onClick={() => setEditing(entry.sensitive ? '' : (entry.value ?? ''))}>
              Edit
            </button>
            {!entry.isDefault && (
              <button type="button" className="ml-3 text-sm text-slate-500 hover:underline" onClick={onReset} disabled={busy}>
                Reset
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  );
}

export function TopicConfigsPanel({ conn, topic, canEdit }: { conn: string; topic: string; canEdit: boolean }) {
  const { data, error, isLoading } = useTopicConfigsQuery(conn, topic);
  const alter = useAlterTopicConfigsMutation(conn, topic);
  const [onlyOverrides, setOnlyOverrides] = useState(false);
  const rows = (data?.configs ?? []).filter((c) => !onlyOverrides || !c.isDefault);
  return (
    <div className="flex flex-col gap-3">
      <label className="flex items-center gap-1.5 text-sm">
        <input type="checkbox" checked={onlyOverrides} onChange={(e) => setOnlyOverrides(e.target.checked)} /> Only overridden
      </label>
      {error && <ErrorNotice error={error} title="Could not load configs" />}
      {isLoading && <p className="text-sm text-slate-500">Loading configs…</p>}
      {alter.error && <ErrorNotice error={alter.error} title="The broker refused the change" />}
      <div className={`${card} overflow-x-auto`}>
        <table className="w-full">
          <thead className="border-b border-slate-200 dark:border-slate-800">
            <tr>
              <th className={th}>Name</th>
              <th className={th}>Value</th>
              <th className={th}>Default</th>
              <th className={th}>Source</th>
              <th className={th} />
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ConfigRow
                key={c.name}
                entry={c}
                canEdit={canEdit}
                busy={alter.isPending}
                onSave={(value) => alter.mutate({ set: { [c.name]: value } })}
                onReset={() => alter.mutate({ reset: [c.name] })}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
