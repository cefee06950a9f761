import type { GroupMember, GroupType } from '@/lib/contracts/groups';

export function GroupMembersTable({ members, type }: { members: GroupMember[]; type: GroupType }) {
  if (!members.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No active members: the group is empty.</p>;
  const epochs = type === 'consumer';
  const statics = members.some((m) => m.instanceId !== null);
  return (
    <table aria-label="Members" className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          <th className="py-1.5 pr-3 font-medium">Client id</th>
          <th className="py-1.5 pr-3 font-medium">Host</th>
          <th className="py-1.5 pr-3 font-medium">Assigned partitions</th>
          {epochs && <th className="py-1.5 pr-3 text-right font-medium">Member epoch</th>}
          {statics && <th className="py-1.5 pr-3 font-medium">Instance id</th>}
          <th className="py-1.5 font-medium">Member id</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.memberId} data-testid="member-row" className="border-t border-slate-100 align-top dark:border-slate-800">
            <td className="py-1.5 pr-3">{m.clientId}</td>
            <td className="py-1.5 pr-3">{m.clientHost}</td>
            <td className="py-1.5 pr-3" data-testid="member-assignment">
              {m.assignments.length ? m.assignments.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') : '—'}
            </td>
            {epochs && <td className="py-1.5 pr-3 text-right tabular-nums">{m.memberEpoch ?? '—'}</td>}
            {statics && <td className="py-1.5 pr-3">{m.instanceId ?? '—'}</td>}
            <td className="max-w-64 truncate py-1.5 font-mono text-xs text-slate-500" title={m.memberId}>
              {m.memberId}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
