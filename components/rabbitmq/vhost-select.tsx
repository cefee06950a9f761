'use client';
import { useVhostsQuery } from '@/lib/query/rabbitmq-browse';
import { inputClass } from './styles';

/** "All vhosts" is the empty value. */
export function VhostSelect({ conn, value, onChange, allowAll = true }: { conn: string; value: string; onChange: (v: string) => void; allowAll?: boolean }) {
  const { data } = useVhostsQuery(conn);
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500">Vhost</span>
      <select aria-label="Vhost" className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">All vhosts</option>}
        {!allowAll && !value && <option value="">Choose…</option>}
        {data?.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
    </label>
  );
}
