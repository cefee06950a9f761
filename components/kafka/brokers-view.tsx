'use client';
import Link from 'next/link';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { formatAge, formatBytes, formatCount } from '@/lib/format';
import { useBrokersQuery } from '@/lib/query/kafka-topics';
import { btn, card, td, th } from '@/components/ui/styles';

export function BrokersView({ conn }: { conn: string }) {
  const { data, error, isLoading } = useBrokersQuery(conn);
  return (
    <>
      <PageHeader
        title="Brokers"
        subtitle={data ? `snapshot taken ${formatAge(data.snapshotAt)}` : undefined}
        actions={
          <Link href={`${connectionHref(conn, 'brokers')}/cluster`} className={btn}>
            Cluster-wide configs
          </Link>
        }
      />
      {error && <ErrorNotice error={error} title="Could not load brokers" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <>
          <dl className={`${card} mb-4 grid grid-cols-2 gap-4 p-4 sm:grid-cols-4`}>
            <div className="min-w-0">
              <dt className="text-xs text-slate-500 dark:text-slate-400">Cluster id</dt>
              <dd data-testid="cluster-id" className="break-all font-mono text-sm font-semibold">
                {data.clusterId ?? 'unknown'}
              </dd>
            </div>
            <Stat label="Version" value={data.version ?? 'unknown'} testId="cluster-version" />
            <Stat label="Controller" value={data.controllerId === null ? 'unknown' : String(data.controllerId)} />
            <Stat label="Brokers" value={formatCount(data.brokers.length)} />
          </dl>
          <div className={`${card} overflow-x-auto`}>
            <table className="w-full" data-testid="brokers-table">
              <thead className="border-b border-slate-200 dark:border-slate-800">
                <tr>
                  <th className={th}>Id</th>
                  <th className={th}>Host:port</th>
                  <th className={th}>Rack</th>
                  <th className={th}>Role</th>
                  <th className={`${th} text-right`}>Partitions</th>
                  <th className={`${th} text-right`}>Leaders</th>
                  <th className={`${th} text-right`}>Size on disk</th>
                </tr>
              </thead>
              <tbody>
                {data.brokers.map((b) => (
                  <tr key={b.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800/60">
                    <td className={`${td} font-mono`}>
                      <Link href={`${connectionHref(conn, 'brokers')}/${b.id}`} className="text-sky-700 hover:underline dark:text-sky-400" aria-label={`Broker ${b.id} configs`}>
                        {b.id}
                      </Link>
                    </td>
                    <td className={`${td} font-mono`}>
                      {b.host}:{b.port}
                    </td>
                    <td className={td}>{b.rack ?? <span className="text-slate-400">none</span>}</td>
                    <td className={td}>{b.isController ? <span className="rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-900/50 dark:text-sky-300">controller</span> : 'broker'}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(b.partitions)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(b.leaders)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatBytes(b.sizeBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
