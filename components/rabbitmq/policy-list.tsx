'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import type { Policy, PolicyKind } from '@/lib/contracts/rabbitmq-policies';
import { usePoliciesQuery } from '@/lib/query/rabbitmq-policies';
import { PolicyForm } from './policy-form';
import { PolicyTable } from './policy-table';
import { buttonClass, cardClass } from './styles';
import { VhostSelect } from './vhost-select';

type Editing = { kind: PolicyKind; policy: Policy | null };

const TITLES: Record<PolicyKind, string> = { policy: 'Policies', operator: 'Operator policies' };

function Section({ conn, kind, vhost, onEdit }: { conn: string; kind: PolicyKind; vhost: string; onEdit: (e: Editing) => void }) {
  const { data, error, isLoading } = usePoliciesQuery(conn, kind, vhost || undefined);
  return (
    <section className={`${cardClass} mb-6`} aria-label={TITLES[kind]}>
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-base font-semibold">{TITLES[kind]}</h2>
        <button type="button" className={buttonClass} onClick={() => onEdit({ kind, policy: null })}>
          New {kind === 'operator' ? 'operator policy' : 'policy'}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <PolicyTable conn={conn} kind={kind} policies={data.policies} onEdit={(policy) => onEdit({ kind, policy })} />}
    </section>
  );
}

/** Policies and operator policies of the connection; creating, editing and deleting go through a preview. */
export function PolicyList({ conn }: { conn: string }) {
  const [vhost, setVhost] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const list = usePoliciesQuery(conn, editing?.kind ?? 'policy', vhost || undefined);
  return (
    <>
      <PageHeader
        title="Policies"
        subtitle="Per queue or exchange the matching policy of highest priority is in effect, merged with the operator policy of highest priority (the lower number wins)"
        actions={<VhostSelect conn={conn} value={vhost} onChange={setVhost} />}
      />
      {editing && (
        <PolicyForm
          key={`${editing.kind}:${editing.policy?.vhost ?? ''}:${editing.policy?.name ?? ''}`}
          conn={conn}
          kind={editing.kind}
          policy={editing.policy}
          vhost={vhost || '/'}
          applyToOptions={list.data?.applyTo ?? ['all', 'queues', 'exchanges']}
          onDone={() => setEditing(null)}
        />
      )}
      <Section conn={conn} kind="policy" vhost={vhost} onEdit={setEditing} />
      <Section conn={conn} kind="operator" vhost={vhost} onEdit={setEditing} />
    </>
  );
}
