'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { definitionsFileSchema, MAX_DEFINITIONS_BYTES, type DefinitionsApplyResult, type DefinitionsFile } from '@/lib/contracts/rabbitmq-definitions';
import { formatBytes, formatCount } from '@/lib/format';
import { useApplyDefinitionsMutation, usePreviewDefinitionsMutation } from '@/lib/query/rabbitmq-definitions';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { DefinitionsPreviewTable } from './definitions-preview-table';
import { buttonClass, cardClass, dangerButtonClass, inputClass } from './styles';
import { VhostSelect } from './vhost-select';

type Loaded = { fileName: string; definitions: DefinitionsFile };

/** Reads and checks the file in the browser, for an early answer; the server checks it again. */
async function readDefinitions(file: File): Promise<Loaded> {
  if (file.size > MAX_DEFINITIONS_BYTES) throw new Error(`${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_DEFINITIONS_BYTES)}`);
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} is not valid JSON`);
  }
  const parsed = definitionsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file.name} is not a definitions file: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return { fileName: file.name, definitions: parsed.data };
}

function outcomeText(r: DefinitionsApplyResult): string {
  const parts = [`${formatCount(r.added)} added`, `${formatCount(r.changed)} changed`, `${formatCount(r.unchanged)} unchanged`];
  if (r.conflicts) parts.push(`${formatCount(r.conflicts)} in conflict left as they were`);
  if (r.skipped) parts.push(`${formatCount(r.skipped)} skipped by RabbitMQ`);
  if (r.ignored) parts.push(`${formatCount(r.ignored)} ignored`);
  return `Imported ${r.vhost === null ? 'into all vhosts' : `into vhost ${r.vhost}`}: ${parts.join(', ')}. Nothing was removed.`;
}

export function DefinitionsImport({ conn, connectionName, canImport }: { conn: string; connectionName: string | null; canImport: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [readError, setReadError] = useState<Error | null>(null);
  const [vhost, setVhost] = useState('');
  const [confirming, setConfirming] = useState(false);
  const preview = usePreviewDefinitionsMutation(conn);
  const apply = useApplyDefinitionsMutation(conn);
  const input = loaded ? { definitions: loaded.definitions, ...(vhost ? { vhost } : {}) } : null;
  const p = preview.data;

  const reset = () => {
    preview.reset();
    apply.reset();
  };

  return (
    <section aria-labelledby="definitions-import" className={cardClass}>
      <h2 id="definitions-import" className="mb-3 text-base font-semibold">
        Import
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-500">File</span>
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Definitions file"
            className={`${inputClass} max-w-xs`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              reset();
              setLoaded(null);
              setReadError(null);
              if (file) readDefinitions(file).then(setLoaded, (err: unknown) => setReadError(err instanceof Error ? err : new Error(String(err))));
            }}
          />
        </label>
        <VhostSelect
          conn={conn}
          value={vhost}
          onChange={(v) => {
            setVhost(v);
            reset();
          }}
        />
        <button type="button" className={buttonClass} disabled={!input || preview.isPending} onClick={() => input && preview.mutate(input)}>
          {preview.isPending ? 'Comparing…' : 'Preview'}
        </button>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {vhost
          ? `Everything goes into vhost ${vhost}, whatever vhost the file names; users, vhosts and permissions in the file are ignored.`
          : 'Items go into the vhosts the file names.'}{' '}
        An import adds and updates; it never removes anything. JSON, up to {formatBytes(MAX_DEFINITIONS_BYTES)}.
      </p>
      {readError && <ErrorNotice error={readError} title="Cannot use this file" />}
      {preview.error && <ErrorNotice error={preview.error} title="Could not compare the file with the broker" />}
      {p && !apply.isSuccess && (
        <div className="mt-4">
          <DefinitionsPreviewTable preview={p} />
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <button type="button" className={dangerButtonClass} disabled={!canImport || p.failures > 0 || !connectionName} onClick={() => setConfirming(true)}>
              Import…
            </button>
            {!canImport && <span className="text-xs text-slate-500">This connection is read-only.</span>}
            {p.failures > 0 && <span className="text-xs text-red-700 dark:text-red-400">RabbitMQ would refuse this file ({formatCount(p.failures)} will fail): fix it first.</span>}
          </div>
        </div>
      )}
      {apply.error && <ErrorNotice error={apply.error} title="The import was refused" />}
      {apply.data && (
        <p role="status" className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200">
          {outcomeText(apply.data)}
        </p>
      )}
      {confirming && p && input && connectionName && (
        <ConfirmNameDialog
          title="Import definitions"
          name={connectionName}
          actionLabel="Import"
          pending={apply.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => apply.mutate({ ...input, confirm: connectionName }, { onSettled: () => setConfirming(false) })}
        >
          <p>
            Imports <strong className="break-all">{loaded?.fileName}</strong> {p.vhost === null ? 'into all vhosts' : `into vhost ${p.vhost}`}: {formatCount(p.added)} added, {formatCount(p.changed)} changed.
            {p.conflicts > 0 && ` ${formatCount(p.conflicts)} in conflict stay as they are on the broker.`} Nothing is removed.
          </p>
        </ConfirmNameDialog>
      )}
    </section>
  );
}
