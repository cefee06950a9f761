'use client';
import type { PolicyEffectSide, PolicyPreview } from '@/lib/contracts/rabbitmq-policies';
import { tableClass, tdClass, thClass } from './styles';

function Side({ side }: { side: PolicyEffectSide }) {
  const keys = Object.keys(side.definition);
  return (
    <div className="space-y-0.5">
      <div className="text-xs text-slate-500">
        {side.policy ?? 'no policy'}
        {side.operatorPolicy ? ` + operator ${side.operatorPolicy}` : ''}
      </div>
      <code className="block break-all font-mono text-xs">{keys.length ? JSON.stringify(side.definition) : '{}'}</code>
    </div>
  );
}

/** Every queue and exchange whose effective policy changes, before and after. */
export function PolicyPreviewTable({ preview }: { preview: PolicyPreview }) {
  const verb = preview.action === 'delete' ? 'selects' : 'would select';
  return (
    <div data-testid="policy-preview">
      <p className="mb-2 text-sm" data-testid="policy-preview-summary">
        The pattern {verb} {preview.matched} of {preview.queues} queue{preview.queues === 1 ? '' : 's'} and {preview.exchanges} exchange{preview.exchanges === 1 ? '' : 's'} in vhost {preview.vhost}; in
        effect on {preview.effectiveOn}. {preview.changes.length} object{preview.changes.length === 1 ? '' : 's'} change{preview.changes.length === 1 ? 's' : ''}:
      </p>
      {preview.changes.length > 0 && (
        <div className="max-h-80 overflow-auto">
          <table className={tableClass}>
            <thead>
              <tr>
                <th className={thClass}>Object</th>
                <th className={thClass}>Kind</th>
                <th className={thClass}>Before</th>
                <th className={thClass}>After</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={`${c.kind}:${c.name}`} data-testid="policy-change-row">
                  <td className={`${tdClass} break-all font-mono text-xs`}>
                    {c.name || '(default exchange)'}
                    {c.tie.length > 0 && <div className="text-amber-700">equal priority: {c.tie.join(', ')}; RabbitMQ picks one by storage order</div>}
                  </td>
                  <td className={tdClass}>
                    {c.kind}
                    {c.type ? ` (${c.type})` : ''}
                  </td>
                  <td className={tdClass}>
                    <Side side={c.before} />
                  </td>
                  <td className={tdClass}>
                    <Side side={c.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.changes.some((c) => c.kind === 'exchange') && <p className="mt-1 text-xs text-slate-500">Exchanges take only user policies&apos; exchange settings (alternate-exchange, federation).</p>}
    </div>
  );
}
