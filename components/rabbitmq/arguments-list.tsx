/** Broker arguments as key = value; values are rendered as text (never HTML). */
export function ArgumentsList({ args }: { args: Record<string, unknown> }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <ul className="space-y-0.5">
      {entries.map(([k, v]) => (
        <li key={k} className="font-mono text-xs">
          <span className="text-slate-500">{k}</span> = <span className="break-all">{typeof v === 'string' ? v : JSON.stringify(v)}</span>
        </li>
      ))}
    </ul>
  );
}
