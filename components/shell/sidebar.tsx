'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useConnectionsQuery } from '@/lib/query/connections';
import { activeNavItem, connectionHref, connectionNavItems } from './nav-items';

const dot = { up: 'bg-emerald-500', degraded: 'bg-amber-500', down: 'bg-red-500' } as const;

export function Sidebar() {
  const pathname = usePathname();
  const { data } = useConnectionsQuery();
  const linkClass = (active: boolean) =>
    `block truncate rounded px-2 py-1 text-sm ${active ? 'bg-slate-200 font-medium dark:bg-slate-800' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-900'}`;
  return (
    <nav aria-label="Connections" className="flex h-full flex-col gap-4 overflow-y-auto p-3">
      <Link href="/" className="flex items-center gap-2 px-2 text-lg font-semibold tracking-tight">
        <span aria-hidden>⚓</span> Wharf
      </Link>
      <div>
        <Link href="/" className={linkClass(pathname === '/')}>
          All connections
        </Link>
        <Link href="/jobs" className={linkClass(pathname.startsWith('/jobs'))}>
          Jobs
        </Link>
      </div>
      {data?.connections.map((c) => (
        <div key={c.id}>
          <div className="flex items-center gap-2 px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
            <span className={`h-2 w-2 shrink-0 rounded-full ${dot[c.status.state]}`} aria-label={c.status.state} />
            <span className="truncate" title={c.name}>
              {c.name}
            </span>
          </div>
          <ul>
            {connectionNavItems
              .filter((item) => item.when(c.capabilities))
              .map((item, _i, shown) => {
                const href = connectionHref(c.id, item.segment);
                const active = activeNavItem(pathname, c.id, shown) === item;
                return (
                  <li key={item.label}>
                    <Link href={href} className={linkClass(active)} aria-current={active ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
