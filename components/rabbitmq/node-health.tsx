'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useNodesReportQuery } from '@/lib/query/rabbitmq-nodes';
import { FeatureFlagTable } from './feature-flag-table';
import { HealthCheckTable } from './health-check-table';
import { NodeCard } from './node-card';
import { NodeCharts } from './node-charts';
import { cardClass } from './styles';
import { useUrlState } from './use-url-state';

/** Node health: every node's resources and alarms, the health checks, feature flags, deprecated features in use. */
export function NodeHealthView({ conn }: { conn: string }) {
  const { data, error, isLoading } = useNodesReportQuery(conn);
  const url = useUrlState();
  const shown = data?.nodes.find((n) => n.name === url.get('node'))?.name ?? data?.nodes[0]?.name ?? null;
  return (
    <>
      <PageHeader title="Nodes" subtitle={data ? `RabbitMQ ${data.version ?? 'unknown'} · ${data.nodes.length} ${data.nodes.length === 1 ? 'node' : 'nodes'}` : undefined} />
      {error && <ErrorNotice error={error} title="Could not load node health" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="space-y-4">
          {data.notes.length > 0 && (
            <ul className="rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300" aria-label="Notes">
              {data.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {data.nodes.map((n) => (
            <NodeCard key={n.name} node={n} selected={n.name === shown} onShowHistory={() => url.set({ node: n.name })} />
          ))}
          {shown && (
            <section className={cardClass}>
              <NodeCharts conn={conn} node={shown} />
            </section>
          )}
          <section className={cardClass} aria-label="Health checks">
            <h2 className="mb-2 text-sm font-semibold">Health checks</h2>
            <HealthCheckTable checks={data.checks} checkedBy={data.checkedBy} />
          </section>
          <section className={cardClass} aria-label="Deprecated features in use">
            <h2 className="mb-2 text-sm font-semibold">Deprecated features in use</h2>
            {data.deprecatedFeaturesInUse === null ? (
              <p className="text-sm text-slate-500 dark:text-slate-400">Unknown: see the notes above.</p>
            ) : data.deprecatedFeaturesInUse.length === 0 ? (
              <p className="text-sm">None: nothing this cluster uses is on its way out.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="deprecated-in-use">
                {data.deprecatedFeaturesInUse.map((f) => (
                  <li key={f.name}>
                    <span className="font-mono font-semibold">{f.name}</span>
                    {` (${f.phase.replaceAll('_', ' ')})`}
                    {f.description && <span className="text-slate-500 dark:text-slate-400">{` · ${f.description}`}</span>}
                    {f.docUrl && (
                      <a className="ml-1 hover:underline" href={f.docUrl} target="_blank" rel="noreferrer">what to use instead</a>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className={cardClass} aria-label="Feature flags">
            <h2 className="mb-2 text-sm font-semibold">Feature flags</h2>
            {data.featureFlags ? <FeatureFlagTable flags={data.featureFlags} /> : <p className="text-sm text-slate-500 dark:text-slate-400">Unknown: see the notes above.</p>}
          </section>
        </div>
      )}
    </>
  );
}
