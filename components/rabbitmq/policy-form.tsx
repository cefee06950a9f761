'use client';
import { useEffect, useMemo, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { policyBodySchema, type ApplyTo, type Policy, type PolicyKind, type PolicyPreviewBody } from '@/lib/contracts/rabbitmq-policies';
import { usePolicyPreviewQuery, usePutPolicyMutation } from '@/lib/query/rabbitmq-policies';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { parseJsonObject } from './json-object-input';
import { PolicyPreviewTable } from './policy-preview';
import { buttonClass, cardClass, inputClass, secondaryButtonClass } from './styles';
import { VhostSelect } from './vhost-select';

/** The preview follows the form once typing pauses this long. */
const PREVIEW_DEBOUNCE_MS = 400;

type Draft = { name: string; vhost: string; pattern: string; applyTo: ApplyTo; priority: string; definition: string };

function draftOf(policy: Policy | null, vhost: string): Draft {
  if (!policy) return { name: '', vhost, pattern: '', applyTo: 'queues', priority: '0', definition: '{\n  "max-length": 1000\n}' };
  return { name: policy.name, vhost: policy.vhost, pattern: policy.pattern, applyTo: policy.applyTo as ApplyTo, priority: String(policy.priority), definition: JSON.stringify(policy.definition, null, 2) };
}

/** The body the contract takes, or the first problem in words (the same schema the server parses with). */
function bodyOf(d: Draft): { body: Omit<PolicyPreviewBody & { action: 'put' }, 'action'> } | { error: string } {
  const def = parseJsonObject(d.definition, 'Definition');
  if ('error' in def) return { error: def.error };
  const parsed = policyBodySchema.safeParse({ pattern: d.pattern, applyTo: d.applyTo, priority: d.priority.trim() === '' ? NaN : Number(d.priority), definition: def.value });
  if (!parsed.success) return { error: `${parsed.error.issues[0].path.join('.') || 'form'}: ${parsed.error.issues[0].message}` };
  const { confirm: _, ...body } = parsed.data;
  return { body };
}

/** Create or edit a policy with a live preview of what it changes; an edit asks for the name typed back. */
export function PolicyForm({ conn, kind, policy, vhost, applyToOptions, onDone }: { conn: string; kind: PolicyKind; policy: Policy | null; vhost: string; applyToOptions: ApplyTo[]; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(policy, vhost));
  const [debounced, setDebounced] = useState(draft);
  const [confirming, setConfirming] = useState(false);
  const put = usePutPolicyMutation(conn, kind);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(draft), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft]);
  const checked = useMemo(() => bodyOf(debounced), [debounced]);
  const previewBody = 'body' in checked && debounced.name && debounced.vhost ? ({ action: 'put', ...checked.body } as const) : null;
  const preview = usePolicyPreviewQuery(conn, kind, debounced.vhost, debounced.name, previewBody);
  const current = bodyOf(draft);
  const upToDate = draft === debounced && !!preview.data && !preview.isFetching;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const what = kind === 'operator' ? 'operator policy' : 'policy';

  const apply = (confirm?: string) => {
    if (!('body' in current)) return;
    put.mutate({ vhost: draft.vhost, name: draft.name, body: { ...current.body, ...(confirm ? { confirm } : {}) } }, { onSuccess: onDone, onSettled: () => setConfirming(false) });
  };

  return (
    <>
    <form
      className={`${cardClass} mb-6 space-y-3`}
      aria-label={policy ? `Edit ${what}` : `New ${what}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!upToDate || !('body' in current)) return;
        if (policy) setConfirming(true);
        else apply();
      }}
    >
      <h2 className="text-base font-semibold">{policy ? `Edit ${what} ${policy.name}` : `New ${what}`}</h2>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <label className="text-sm">
          Name
          <input aria-label="Policy name" className={`${inputClass} mt-1 w-full font-mono`} value={draft.name} disabled={!!policy} maxLength={255} onChange={(e) => set({ name: e.target.value })} />
        </label>
        {policy ? (
          <p className="text-sm">
            Vhost <span className="font-mono">{policy.vhost}</span>
          </p>
        ) : (
          <VhostSelect conn={conn} value={draft.vhost} onChange={(v) => set({ vhost: v })} allowAll={false} />
        )}
        <label className="text-sm">
          Pattern (regular expression on queue and exchange names)
          <input aria-label="Pattern" className={`${inputClass} mt-1 w-full font-mono`} value={draft.pattern} maxLength={1024} onChange={(e) => set({ pattern: e.target.value })} placeholder="^orders\." />
        </label>
        <div className="flex gap-3">
          <label className="text-sm">
            Apply to
            <select aria-label="Apply to" className={`${inputClass} mt-1 block`} value={draft.applyTo} onChange={(e) => set({ applyTo: e.target.value as ApplyTo })}>
              {applyToOptions.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            Priority
            <input aria-label="Priority" type="number" min={0} step={1} className={`${inputClass} mt-1 block w-24`} value={draft.priority} onChange={(e) => set({ priority: e.target.value })} />
          </label>
        </div>
      </div>
      <label className="block text-sm">
        Definition (JSON object)
        <textarea aria-label="Definition" rows={4} className={`${inputClass} mt-1 w-full font-mono text-xs`} value={draft.definition} onChange={(e) => set({ definition: e.target.value })} />
      </label>
      {'error' in current && <p className="text-xs text-red-600">{current.error}</p>}
      <div>
        <h3 className="mb-1 text-sm font-medium">Preview</h3>
        {!draft.name || !draft.vhost ? (
          <p className="text-sm text-slate-500">Name the {what} and choose its vhost to see what it changes.</p>
        ) : preview.error ? (
          <ErrorNotice error={preview.error} title="No preview" />
        ) : preview.data && previewBody ? (
          <PolicyPreviewTable preview={preview.data} />
        ) : (
          <p className="text-sm text-slate-500">{'error' in checked ? 'Fix the form to see the preview.' : 'Computing…'}</p>
        )}
      </div>
      {put.error && <ErrorNotice error={put.error} title="The broker refused" />}
      <div className="flex justify-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className={buttonClass} disabled={!upToDate || !('body' in current) || put.isPending}>
          {put.isPending ? 'Applying…' : policy ? 'Apply changes' : `Create ${what}`}
        </button>
      </div>
    </form>
      {confirming && policy && preview.data && (
        <ConfirmNameDialog title={`Change ${what}`} name={policy.name} actionLabel="Apply changes" pending={put.isPending} onCancel={() => setConfirming(false)} onConfirm={() => apply(policy.name)}>
          <PolicyPreviewTable preview={preview.data} />
        </ConfirmNameDialog>
      )}
    </>
  );
}
