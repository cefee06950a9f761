'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { card, input, td, th } from '@/components/ui/styles';
import { formatAge, formatCount } from '@/lib/format';
import { useShareGroupsQuery } from '@/lib/query/share-groups';
import { ShareGroupsError } from './share-groups-unsupported';

export function ShareGroupsList({ conn }: { conn: string }) {
  const { data, error, isLoading } = useShareGroupsQuery(conn);
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (data?.groups ?? []).filter((g) => !needle || g.groupId.toLowerCase().includes(needle) || g.topics.some((t) => t.toLowerCase().includes(needle)));
  }, [data, q]);
  const base = `/connections/${encodeURIComponent(conn)}/share-groups`;

  return (
    <>
      <PageHeader
        title="Share groups"
        subtitle={data ? `${formatCount(data.groups.length)} share groups (KIP-932) · read ${formatAge(data.readAt)}` : 'Queue-like groups of Kafka 4 (KIP-932)'}
        actions={<input type="search" aria-label="Search share groups" placeholder="Search group or topic" value={q} onChange={(e) => setQ(e.target.value)} className={`${input} w-64`} />}
      />
      {error && <ShareGroupsError error={error} title="Could not load share groups" />}
      {isLoading && <p className="text-sm text-slate-500">Loading share groups…</p>}
      {data && (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full" aria-label="Share groups">
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th className={th}>Group</th>
                <th className={th}>State</th>
                <th className={`${th} text-right`}>Members</th>
                <th className={th}>Assignor</th>
                <th className={th}>Topics</th>
                <th className={`${th} text-right`}>Left to deliver</th>
                <th className={`${th} text-right`}>Coordinator</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="p-6 text-center text-sm text-slate-500">
                    {q ? `No share group matches "${q}"` : 'This cluster has no share groups'}
                  </td>
                </tr>
              )}
              {rows.map((g) => (
                <tr key={g.groupId} data-testid="share-group-row" className="border-b border-slate-100 last:border-0 dark:border-slate-800/60">
                  <td className={`${td} font-medium`}>
                    <Link href={`${base}/${encodeURIComponent(g.groupId)}`} className="text-blue-700 hover:underline dark:text-blue-400">
                      {g.groupId}
                    </Link>
                    {g.error && <p className="text-xs text-red-700 dark:text-red-400">{g.error}</p>}
                  </td>
                  <td className={td}>{g.state}</td>
                  <td className={`${td} text-right tabular-nums`}>{g.members}</td>
                  <td className={td}>{g.assignor ?? 'unknown'}</td>
                  <td className={`${td} max-w-72 truncate`} title={g.topics.join(', ')}>
                    {g.topics.join(', ') || '—'}
                  </td>
                  <td
                    className={`${td} text-right tabular-nums`}
                    title={g.partitionsWithoutLag ? `${g.partitionsWithoutLag} partition(s) whose lag the broker does not know are left out` : undefined}
                  >
                    {formatCount(g.totalLag)}
                    {g.partitionsWithoutLag > 0 && g.totalLag !== null ? '+' : ''}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{g.coordinator ?? 'unknown'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
