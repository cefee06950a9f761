'use client';
import Link from 'next/link';
import { useLogoutMutation, useMeQuery } from '@/lib/query/auth';

/** "no login: local only" when auth is off; otherwise who is signed in, the audit log for admins, and sign out. */
export function AuthStatus() {
  const { data } = useMeQuery();
  const logout = useLogoutMutation();
  if (!data) return null;
  if (!data.authEnabled) {
    return (
      <span className="flex items-center gap-3 text-xs">
        <Link href="/audit" className="text-slate-500 hover:underline">
          Audit
        </Link>
        <span
          data-testid="no-login-badge"
          title="No login is configured: Wharf only listens on this machine (loopback). Add an auth section to the config to expose it."
          className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
        >
          no login: local only
        </span>
      </span>
    );
  }
  if (!data.user) return null;
  const roles = Object.entries(data.user.connectionRoles);
  return (
    <span className="flex items-center gap-3 text-xs">
      {data.user.defaultRole === 'admin' && (
        <Link href="/audit" className="text-slate-500 hover:underline">
          Audit
        </Link>
      )}
      <span data-testid="current-user" title={roles.map(([c, r]) => `${c}: ${r}`).join(', ') || undefined}>
        {data.user.username} <span className="text-slate-500">({data.user.defaultRole ?? 'no default role'})</span>
      </span>
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
        Sign out
      </button>
    </span>
  );
}
