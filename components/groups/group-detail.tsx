'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { RangePicker } from '@/components/charts/range-picker';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { metricsRangeSchema } from '@/lib/contracts/metrics';
import { formatAge } from '@/lib/format';
import { useConnectionQuery } from '@/lib/query/connections';
import { useGroupQuery } from '@/lib/query/groups';
import { useMetricsStream } from '@/lib/query/metrics';
import { DeleteGroupDialog } from './delete-group-dialog';
import { GroupCharts } from './group-charts';
import { GroupMembersTable } from './group-members-table';
import { GroupPartitionsTable } from './group-partitions-table';
import { GroupStatList } from './group-stat-list';
import { groupIdentityStats, groupLagStats } from './group-stats';
import { LagStatusBadge } from './lag-status-badge';
import { ResetOffsetsDialog } from './reset-offsets-dialog';

const section = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/** The dialog opens anyway (to say who the members are, read live); this says why no reset will be allowed. */
const RESET_BUSY_TITLE = 'Kafka refuses an offset commit from outside the group while it has active members (KIP-848 groups too): stop its consumers first';

/** `knownToExist`: the page found the group live, so a 404 from the sampler means "not sampled yet", not "gone". */
export function GroupDetail({ connectionId, groupId, knownToExist = false }: { connectionId: string; groupId: string; knownToExist?: boolean }) {
  const { data: group, error } = useGroupQuery(connectionId, groupId);
  const { data: connection } = useConnectionQuery(connectionId);
  const live = useMetricsStream(connectionId, { kind: 'group', entity: groupId });
  const [dialog, setDialog] = useState<'reset' | 'delete' | null>(null);
  const params = useSearchParams();
  const pathname = usePathname();
  const range = metricsRangeSchema.catch('5m').parse(params.get('range') ?? '5m');
  const canMutate = connection?.capabilities.mutations ?? false;
  // Deleting a group is admin work (it removes the group's committed offsets for good).
  const canAdminister = connection?.capabilities.administration ?? false;
  const empty = group ? group.members === 0 : false;

  return (
    <>
      <PageHeader
        title={groupId}
        subtitle={
          <span>
            <Link href={`/connections/${encodeURIComponent(connectionId)}/consumer-groups`} className="hover:underline">
              Consumer groups
            </Link>
            {group && ` · sampled ${formatAge(group.sampledAt)}`} · {live ? 'live' : 'connecting…'}
          </span>
        }
        actions={
          canMutate && group ? (
            <>
              <button
                type="button"
                title={empty ? undefined : RESET_BUSY_TITLE}
                onClick={() => setDialog('reset')}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                Reset offsets
              </button>
              {canAdminister && (
                <button
                  type="button"
                  disabled={!empty}
                  title={empty ? undefined : 'Only an empty group (no active members) can be deleted'}
                  onClick={() => setDialog('delete')}
                  className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950/40"
                >
                  Delete
                </button>
              )}
            </>
          ) : undefined
        }
      />
      {error && !group && isNotFound(error) && knownToExist && (
        <p role="status" className="text-sm text-slate-500">
          The group exists, but the lag sampler has not read it yet: it shows here after its next tick.
        </p>
      )}
      {error && !group && isNotFound(error) && !knownToExist && (
        <NotFoundNotice error={error} backHref={`/connections/${encodeURIComponent(connectionId)}/consumer-groups`} backLabel="Back to consumer groups" />
      )}
      {error && !isNotFound(error) && <ErrorNotice error={error} title="Could not load this group" />}
      {group && (
        <div className="space-y-6">
          <dl className={`${section} grid grid-cols-2 gap-4 sm:grid-cols-4 ${group.type === 'consumer' ? 'lg:grid-cols-5' : 'lg:grid-cols-4'}`}>
            <GroupStatList rows={groupIdentityStats(group)} />
          </dl>
          <dl className={`${section} grid grid-cols-2 gap-4 sm:grid-cols-4`}>
            <GroupStatList rows={groupLagStats(group)} />
            <div>
              <dt className="text-xs text-slate-500 dark:text-slate-400">Lag status</dt>
              <dd className="mt-1">
                <LagStatusBadge status={group.lagStatus} />
              </dd>
            </div>
          </dl>
          <section className="space-y-3">
            <div className="flex items-center justify-between">
              <h2 className="text-base font-semibold">History</h2>
              <RangePicker value={range} onChange={(r) => window.history.replaceState(null, '', `${pathname}?${new URLSearchParams({ range: r })}`)} />
            </div>
            <GroupCharts connectionId={connectionId} groupId={groupId} range={range} />
          </section>
          <section className={section}>
            <h2 className="mb-2 text-base font-semibold">Members</h2>
            <GroupMembersTable members={group.memberList} type={group.type} />
          </section>
          <section className={section}>
            <h2 className="mb-2 text-base font-semibold">Partitions</h2>
            <GroupPartitionsTable partitions={group.partitions} />
          </section>
        </div>
      )}
      {dialog === 'reset' && group && (
        <ResetOffsetsDialog connectionId={connectionId} groupId={groupId} partitions={group.partitions} members={group.memberList} onClose={() => setDialog(null)} />
      )}
      {dialog === 'delete' && group && <DeleteGroupDialog connectionId={connectionId} groupId={groupId} members={group.memberList} onClose={() => setDialog(null)} />}
    </>
  );
}
