'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { ActiveMember } from '@/lib/contracts/groups';
import { useDeleteGroupMutation } from '@/lib/query/groups';
import { ActiveMembersNotice } from './active-members-notice';
import { Dialog } from '@/components/ui/dialog';

export function DeleteGroupDialog({ connectionId, groupId, members, onClose }: { connectionId: string; groupId: string; members: readonly ActiveMember[]; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const router = useRouter();
  const mutation = useDeleteGroupMutation(connectionId, groupId);
  // The members are the sampler's latest view; the server looks again before deleting and refuses (409) if any joined.
  const busy = members.length > 0;
  return (
    <Dialog title={`Delete group ${groupId}`} onClose={onClose} size="lg" closeButton>
      <div className="space-y-4 text-sm">
        <ActiveMembersNotice
          members={members}
          refusal="Kafka refuses to delete a group while it has active members (KIP-848 groups too), so a delete now would be refused: stop its consumers first."
        />
        <p>The group&apos;s committed offsets are removed. Consumers that join it later start from their auto.offset.reset position.</p>
        <label className="block">
          Type the group name <span className="font-mono">{groupId}</span> to delete it
          <input
            aria-label="Confirm group name"
            disabled={busy}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-950"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
          />
        </label>
        {mutation.error && <ErrorNotice error={mutation.error} title="The group was not deleted" />}
        <button
          type="button"
          disabled={busy || typed !== groupId || mutation.isPending}
          onClick={() => mutation.mutate(undefined, { onSuccess: () => router.push(`/connections/${encodeURIComponent(connectionId)}/consumer-groups`) })}
          className="rounded-md bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Delete group
        </button>
      </div>
    </Dialog>
  );
}
