'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { Policy, PolicyKind } from '@/lib/contracts/rabbitmq-policies';
import { useDeletePolicyMutation, usePolicyPreviewQuery } from '@/lib/query/rabbitmq-policies';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { PolicyPreviewTable } from './policy-preview';
import { secondaryButtonClass } from './styles';

const DELETE_BODY = { action: 'delete' } as const;

/** Delete: the preview says what falls back to which policy, then the name is typed back. */
export function PolicyDelete({ conn, kind, policy }: { conn: string; kind: PolicyKind; policy: Policy }) {
  const [open, setOpen] = useState(false);
  const remove = useDeletePolicyMutation(conn, kind);
  const preview = usePolicyPreviewQuery(conn, kind, policy.vhost, policy.name, open ? DELETE_BODY : null);
  return (
    <>
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)} aria-label={`Delete ${policy.name}`}>
        Delete
      </button>
      {open && (
        <ConfirmNameDialog
          title={`Delete ${kind === 'operator' ? 'operator policy' : 'policy'}`}
          name={policy.name}
          actionLabel="Delete"
          pending={remove.isPending || !preview.data}
          onCancel={() => setOpen(false)}
          onConfirm={() => remove.mutate({ vhost: policy.vhost, name: policy.name }, { onSuccess: () => setOpen(false) })}
        >
          {preview.data ? <PolicyPreviewTable preview={preview.data} /> : preview.error ? <ErrorNotice error={preview.error} title="No preview" /> : <p>Computing what changes…</p>}
          {remove.error && <ErrorNotice error={remove.error} title="The broker refused" />}
        </ConfirmNameDialog>
      )}
    </>
  );
}
