import type { ActiveMember } from '@/lib/contracts/groups';
import { formatMembers } from '@/lib/groups/format-group';

/** Says up front who is in the group and what Kafka will do: offsets and groups change only while no member is active. */
export function ActiveMembersNotice({ members, refusal }: { members: readonly ActiveMember[]; refusal: string }) {
  if (!members.length) return null;
  return (
    <p role="alert" data-testid="active-members-notice" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
      The group has {members.length} active member{members.length === 1 ? '' : 's'} ({formatMembers(members)}). {refusal}
    </p>
  );
}
