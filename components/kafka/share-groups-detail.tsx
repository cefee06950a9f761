'use client';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { card } from '@/components/ui/styles';
import { formatAge, formatCount } from '@/lib/format';
import { useShareGroupQuery } from '@/lib/query/share-groups';
import { ShareGroupsMembersTable } from './share-groups-members-table';
import { ShareGroupsPartitionsTable } from './share-groups-partitions-table';
import { ShareGroupsError } from './share-groups-unsupported';

export function ShareGroupsDetail({ conn, groupId }: { conn: string; groupId: string }) {
  const { data: g, error, isLoading } = useShareGroupQuery(conn, groupId);
  return (
    <>
      <PageHeader
        title={groupId}
        subtitle={
          <span>
            <Link href={`/connections/${encodeURIComponent(conn)}/share-groups`} className="hover:underline">
              Share groups
            </Link>
            {g && ` · read ${formatAge(g.readAt)}`}
          </span>
        }
      />
      {error && <ShareGroupsError error={error} title="Could not load the share group" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {g && (
        <div className="flex flex-col gap-4">
          <dl className={`${card} grid grid-cols-2 gap-4 p-4 sm:grid-cols-6`}>
            <Stat label="State" value={g.state} testId="share-group-state" />
            <Stat label="Members" value={String(g.members)} testId="share-group-members" />
            <Stat label="Left to deliver" value={formatCount(g.totalLag)} testId="share-group-lag" />
            <Stat label="Assignor" value={g.assignor ?? 'unknown'} />
            <Stat label="Group / assignment epoch" value={`${g.groupEpoch} / ${g.assignmentEpoch}`} />
            <Stat label="Coordinator" value={g.coordinator === null ? 'unknown' : String(g.coordinator)} />
          </dl>
          <section className={`${card} p-4`}>
            <h2 className="mb-2 text-sm font-semibold">Members</h2>
            <ShareGroupsMembersTable members={g.memberList} />
          </section>
          <section className={`${card} p-4`}>
            <h2 className="mb-1 text-sm font-semibold">Partitions</h2>
            <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
              The start offset is the first record not yet acknowledged by the group; records past it may already be delivered or acknowledged one by one.
            </p>
            <ShareGroupsPartitionsTable partitions={g.partitions} />
          </section>
        </div>
      )}
    </>
  );
}
