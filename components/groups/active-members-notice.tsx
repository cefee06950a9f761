import type { ActiveMember } from '@/lib/contracts/groups';
import { formatMembers } from '@/lib/groups/format-group';

/** Says up front why Kafka will refuse: offsets and groups change only while no member is active. */
export function ActiveMembersNotice({ members, action }: { members: readonly ActiveMember[]; action: string }) {
  if (!members.length) return null;
  return (
    <p role="alert" data-testid="active-members-notice" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
      The group has {members.length} active member{members.length === 1 ? '' : 's'} ({formatMembers(members)}). Kafka does not {action} while a
      consumer is in the group: stop its consumers first.
    </p>
  );
}
