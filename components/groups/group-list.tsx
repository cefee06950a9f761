'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useRef } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatAge, formatCount } from '@/lib/format';
import { useGroupsQuery } from '@/lib/query/groups';
import { formatGroupState } from '@/lib/groups/format-group';
import { useMetricsStream } from '@/lib/query/metrics';
import { formatDrain } from './format-drain';
import { filterGroups, GROUP_SORT_KEYS, sortGroups, type GroupSortKey, type SortDir } from './group-table-model';
import { LagStatusBadge } from './lag-status-badge';

const ROW_HEIGHT = 41;
const COLUMNS: Array<{ key: GroupSortKey | null; label: string; className?: string }> = [
  { key: 'group', label: 'Group' },
  { key: 'type', label: 'Type' },
  { key: 'state', label: 'State' },
  { key: null, label: 'Assignor' },
  { key: 'members', label: 'Members', className: 'text-right' },
  { key: null, label: 'Topics' },
  { key: 'lag', label: 'Lag', className: 'text-right' },
  { key: 'status', label: 'Status' },
  { key: 'drain', label: 'Time to drain', className: 'text-right' },
];
const GRID = 'grid min-w-[66rem] grid-cols-[minmax(10rem,2fr)_5rem_7.5rem_6rem_4.5rem_minmax(8rem,1.5fr)_5.5rem_6.5rem_7rem] gap-3 px-3';

export function GroupList({ connectionId }: { connectionId: string }) {
  const { data, error, isLoading } = useGroupsQuery(connectionId);
  const live = useMetricsStream(connectionId, { kind: 'connection', entity: '*' });
  const params = useSearchParams();
  const pathname = usePathname();
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const sort: GroupSortKey = GROUP_SORT_KEYS.includes(sortParam as GroupSortKey) ? (sortParam as GroupSortKey) : 'lag';
  const dir: SortDir = params.get('dir') === 'asc' ? 'asc' : 'desc';

  const setParams = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    // The history API updates useSearchParams without a server round trip (Next supports it natively).
    window.history.replaceState(null, '', `${pathname}${p.size ? `?${p}` : ''}`);
  };

  const rows = useMemo(() => sortGroups(filterGroups(data?.groups ?? [], q), sort, dir), [data, q, sort, dir]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer hands back functions React Compiler cannot memoize; that is expected for this hook.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const base = `/connections/${encodeURIComponent(connectionId)}/consumer-groups`;

  return (
    <>
      <PageHeader
        title="Consumer groups"
        subtitle={
          data ? (
            <span>
              {formatCount(data.groups.length)} groups · sampled {data.sampledAt ? formatAge(data.sampledAt) : 'not yet'} · {live ? 'live' : 'connecting…'}
            </span>
          ) : undefined
        }
        actions={
          <input
            type="search"
            aria-label="Search groups"
            placeholder="Search group or topic"
            defaultValue={q}
            onChange={(e) => setParams({ q: e.target.value || null })}
            className="w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        }
      />
      {error && <ErrorNotice error={error} title="Could not load consumer groups" />}
      {isLoading && <p className="text-sm text-slate-500">Loading groups…</p>}
      {data && (
        <div role="table" aria-label="Consumer groups" aria-rowcount={rows.length + 1} className="overflow-x-auto rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-900">
          <div role="row" className={`${GRID} border-b border-slate-200 py-2 text-xs font-medium text-slate-500 dark:border-slate-800 dark:text-slate-400`}>
            {COLUMNS.map((c) => (
              <div role="columnheader" key={c.label} className={c.className} aria-sort={c.key === sort ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <button type="button" className="hover:text-slate-900 dark:hover:text-slate-100" onClick={() => setParams({ sort: c.key, dir: c.key === sort && dir === 'desc' ? 'asc' : 'desc' })}>
                    {c.label}
                    {c.key === sort ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </div>
            ))}
          </div>
          {rows.length === 0 ? (
            <p className="p-6 text-center text-slate-500">{q ? `No group matches "${q}"` : 'This cluster has no consumer groups'}</p>
          ) : (
            <div ref={scrollRef} className="max-h-[70vh] overflow-y-auto">
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((v) => {
                  const g = rows[v.index];
                  return (
                    <div
                      role="row"
                      key={g.groupId}
                      data-testid="group-row"
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                      className={`${GRID} items-center border-b border-slate-100 dark:border-slate-800/60`}
                    >
                      <div role="cell" className="truncate font-medium">
                        <Link href={`${base}/${encodeURIComponent(g.groupId)}`} className="text-blue-700 hover:underline dark:text-blue-400">
                          {g.groupId}
                        </Link>
                      </div>
                      <div role="cell" data-testid="group-type">{g.type}</div>
                      <div role="cell" data-testid="group-state" title={g.state}>{formatGroupState(g.state)}</div>
                      <div role="cell" className="truncate">{g.assignor ?? '—'}</div>
                      <div role="cell" className="text-right tabular-nums">{g.members}</div>
                      <div role="cell" className="truncate" title={g.topics.join(', ')}>{g.topics.join(', ') || '—'}</div>
                      <div role="cell" className="text-right tabular-nums" title={g.partitionsWithoutCommit ? `${g.partitionsWithoutCommit} partition(s) without a commit` : undefined}>
                        {g.totalLag === null ? 'no commit' : formatCount(g.totalLag)}
                      </div>
                      <div role="cell"><LagStatusBadge status={g.lagStatus} /></div>
                      <div role="cell" className="text-right tabular-nums">{formatDrain(g)}</div>
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
      )}
    </>
  );
}
