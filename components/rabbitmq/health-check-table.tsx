import type { HealthCheck } from '@/lib/contracts/rabbitmq-nodes';
import { tableClass, tdClass, thClass } from './styles';

const verdict = (passed: boolean | null) =>
  passed === null
    ? { text: 'not run', cls: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300' }
    : passed
      ? { text: 'passed', cls: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300' }
      : { text: 'FAILED', cls: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300' };

/** The management API's health checks, each with what it means and the broker's own reason. */
export function HealthCheckTable({ checks, checkedBy }: { checks: HealthCheck[]; checkedBy: string | null }) {
  const failed = checks.filter((c) => c.passed === false).length;
  const run = checks.filter((c) => c.passed !== null).length;
  return (
    <>
      <p className="mb-2 text-sm" data-testid="health-summary">
        {failed ? <span className="font-semibold text-red-600 dark:text-red-400">{`${failed} of ${run} checks failed`}</span> : `All ${run} checks passed`}
        <span className="text-slate-500 dark:text-slate-400">{` · node checks ran on ${checkedBy ?? 'the node serving the management API'}`}</span>
      </p>
      <table className={tableClass}>
        <thead>
          <tr>
            {['Check', 'Result', 'Scope', 'Reason', 'What it means'].map((h) => (
              <th key={h} className={thClass}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => {
            const v = verdict(c.passed);
            return (
              <tr key={c.id} data-testid={`health-check-${c.id}`} data-passed={String(c.passed)}>
                <td className={`${tdClass} whitespace-nowrap`} title={`GET ${c.path}`}>{c.label}</td>
                <td className={tdClass}>
                  <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${v.cls}`}>{v.text}</span>
                </td>
                <td className={tdClass}>{c.scope}</td>
                <td className={`${tdClass} text-xs [overflow-wrap:anywhere]`}>{c.reason ?? ''}</td>
                <td className={`${tdClass} text-xs text-slate-500 dark:text-slate-400`}>{c.description}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
