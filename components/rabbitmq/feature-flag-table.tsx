import type { FeatureFlag } from '@/lib/contracts/rabbitmq-nodes';
import { tableClass, tdClass, thClass } from './styles';

/**
 * Feature flags with the disabled stable ones called out: RabbitMQ refuses to upgrade a node past a release that
 * requires a flag the cluster has not enabled, so they are enabled before an upgrade.
 */
export function FeatureFlagTable({ flags }: { flags: FeatureFlag[] }) {
  const pending = flags.filter((f) => f.state !== 'enabled' && f.stability === 'stable');
  return (
    <>
      <p className="mb-2 text-sm" data-testid="feature-flag-summary">
        {`${flags.filter((f) => f.state === 'enabled').length} of ${flags.length} enabled`}
        {pending.length > 0 && (
          <span className="text-amber-700 dark:text-amber-400">{` · ${pending.length} stable ${pending.length === 1 ? 'flag is' : 'flags are'} disabled: enable ${pending.length === 1 ? 'it' : 'them'} before upgrading (rabbitmqctl enable_feature_flag all)`}</span>
        )}
      </p>
      <table className={tableClass}>
        <thead>
          <tr>
            {['Flag', 'State', 'Stability', 'Provided by', 'Description'].map((h) => (
              <th key={h} className={thClass}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flags.map((f) => (
            <tr key={f.name} data-testid={`feature-flag-${f.name}`}>
              <td className={`${tdClass} font-mono text-xs`}>{f.docUrl ? <a className="hover:underline" href={f.docUrl} target="_blank" rel="noreferrer">{f.name}</a> : f.name}</td>
              <td className={`${tdClass} ${f.state === 'enabled' ? '' : 'text-amber-700 dark:text-amber-400'}`}>{f.state}</td>
              <td className={tdClass}>{f.stability ?? 'unknown'}</td>
              <td className={`${tdClass} text-xs`}>{f.providedBy ?? 'unknown'}</td>
              <td className={`${tdClass} text-xs text-slate-500 dark:text-slate-400`}>{f.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
