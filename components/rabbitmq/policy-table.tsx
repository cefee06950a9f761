'use client';
import type { Policy, PolicyKind } from '@/lib/contracts/rabbitmq-policies';
import { PolicyDelete } from './policy-delete';
import { secondaryButtonClass, tableClass, tdClass, thClass } from './styles';

export function PolicyTable({ conn, kind, policies, onEdit }: { conn: string; kind: PolicyKind; policies: Policy[]; onEdit: (p: Policy) => void }) {
  if (!policies.length) return <p className="text-sm text-slate-500">None.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={tableClass}>
        <thead>
          <tr>
            {['Vhost', 'Name', 'Pattern', 'Apply to', 'Priority', 'Definition', 'In effect on', ''].map((h) => (
              <th key={h} className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={`${p.vhost}\u0000${p.name}`} data-testid="policy-row">
              <td className={`${tdClass} font-mono text-xs`}>{p.vhost}</td>
              <td className={`${tdClass} break-all font-mono text-xs`}>{p.name}</td>
              <td className={`${tdClass} break-all font-mono text-xs`}>{p.pattern}</td>
              <td className={tdClass}>{p.applyTo}</td>
              <td className={tdClass}>{p.priority}</td>
              <td className={`${tdClass} break-all font-mono text-xs`}>{JSON.stringify(p.definition)}</td>
              <td className={tdClass} data-testid="policy-effective-on">
                {p.effectiveOn ?? 'unknown'}
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <div className="flex gap-2">
                  <button type="button" className={secondaryButtonClass} onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  <PolicyDelete conn={conn} kind={kind} policy={p} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
