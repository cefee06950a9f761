import type { ShareGroupMember } from '@/lib/contracts/share-groups';
import { td, th } from '@/components/ui/styles';

export function ShareGroupsMembersTable({ members }: { members: ShareGroupMember[] }) {
  if (!members.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No active members: the group is empty.</p>;
  return (
    <table aria-label="Members" className="w-full text-left text-sm">
      <thead>
        <tr>
          <th className={th}>Client id</th>
          <th className={th}>Host</th>
          <th className={th}>Subscribed topics</th>
          <th className={th}>Assigned partitions</th>
          <th className={`${th} text-right`}>Epoch</th>
          <th className={th}>Member id</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.memberId} data-testid="share-member-row" className="border-t border-slate-100 align-top dark:border-slate-800">
            <td className={td}>{m.clientId}</td>
            <td className={td}>
              {m.clientHost}
              {m.rackId && <span className="text-xs text-slate-500"> · rack {m.rackId}</span>}
            </td>
            <td className={td}>{m.subscribedTopics.join(', ') || '—'}</td>
            <td className={td}>{m.assignment.length ? m.assignment.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') : 'none yet'}</td>
            <td className={`${td} text-right tabular-nums`}>{m.memberEpoch}</td>
            <td className={`${td} max-w-64 truncate font-mono text-xs text-slate-500`} title={m.memberId}>
              {m.memberId}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
