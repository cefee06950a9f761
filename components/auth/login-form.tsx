'use client';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useLoginMutation, useMeQuery } from '@/lib/query/auth';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function LoginForm() {
  const params = useSearchParams();
  const { data: me } = useMeQuery();
  const login = useLoginMutation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => window.location.assign(next) });
  };

  if (me && !me.authEnabled) {
    return <p className="text-sm text-slate-500">No login is configured: Wharf is open to this machine only.</p>;
  }
  const input = 'w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';
  return (
    <div className="mx-auto mt-16 max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Sign in to Wharf</h1>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm">
          Username
          <input className={input} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input className={input} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {login.error && <ErrorNotice error={login.error} title="Sign-in failed" />}
        <button type="submit" disabled={login.isPending} className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900">
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {me?.oidc && (
        <a href="/api/auth/oidc/login" className="mt-4 block text-center text-sm text-sky-700 hover:underline dark:text-sky-400">
          Sign in with single sign-on
        </a>
      )}
    </div>
  );
}
