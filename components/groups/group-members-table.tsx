import type { GroupMember } from '@/lib/contracts/groups';

export function GroupMembersTable({ members }: { members: GroupMember[] }) {
  if (!members.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No active members: the group is empty.</p>;
  return (
    <table aria-label="Members" className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          <th className="py-1.5 pr-3 font-medium">Client id</th>
          <th className="py-1.5 pr-3 font-medium">Host</th>
          <th className="py-1.5 pr-3 font-medium">Assigned partitions</th>
          <th className="py-1.5 font-medium">Member id</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.memberId} className="border-t border-slate-100 align-top dark:border-slate-800">
            <td className="py-1.5 pr-3">{m.clientId}</td>
            <td className="py-1.5 pr-3">{m.clientHost}</td>
            <td className="py-1.5 pr-3">{m.assignments.length ? m.assignments.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') : '—'}</td>
            <td className="max-w-64 truncate py-1.5 font-mono text-xs text-slate-500" title={m.memberId}>
              {m.memberId}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
