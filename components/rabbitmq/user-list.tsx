'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import type { RabbitUser } from '@/lib/contracts/rabbitmq-access';
import { useRabbitUsersQuery } from '@/lib/query/rabbitmq-access';
import { buttonClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { UserDelete } from './user-delete';
import { UserForm } from './user-form';
import { UserPermissions } from './user-permissions';

type Open = { kind: 'create' } | { kind: 'edit' | 'permissions' | 'delete'; user: RabbitUser };

const perm = (s: string) => <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{s || '∅'}</code>;

/** RabbitMQ users with their tags and their permissions per vhost; changes are admin only (the server decides). */
export function UserList({ conn }: { conn: string }) {
  const { data, error, isLoading } = useRabbitUsersQuery(conn);
  const [open, setOpen] = useState<Open | null>(null);
  // The dialogs act on the latest list, so a permission set in one shows there at once.
  const current = open && open.kind !== 'create' ? (data?.users.find((u) => u.name === open.user.name) ?? open.user) : undefined;
  return (
    <>
      <PageHeader
        title="Users"
        subtitle={data ? `${data.users.length} RabbitMQ user${data.users.length === 1 ? '' : 's'} · Wharf connects as ${data.wharfUser}` : undefined}
        actions={
          <button type="button" className={buttonClass} onClick={() => setOpen({ kind: 'create' })}>
            New user
          </button>
        }
      />
      {error && <ErrorNotice error={error} title="Could not list users" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className={tableClass} aria-label="Users">
            <thead>
              <tr>
                <th className={thClass}>Name</th>
                <th className={thClass}>Tags</th>
                <th className={thClass}>Password</th>
                <th className={thClass}>Permissions (configure / write / read)</th>
                <th className={thClass}>Topic permissions</th>
                <th className={thClass} />
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <tr key={u.name} data-testid="user-row">
                  <td className={`${tdClass} font-medium`}>
                    <span className="break-all">{u.name}</span>
                    {u.isWharfUser && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-900/40 dark:text-sky-300">Wharf</span>}
                  </td>
                  <td className={tdClass} data-testid="user-tags">
                    {u.tags.length ? u.tags.join(', ') : <span className="text-slate-400">none</span>}
                  </td>
                  <td className={tdClass}>{u.hasPassword === null ? 'unknown' : u.hasPassword ? 'set' : 'passwordless'}</td>
                  <td className={tdClass}>
                    {u.permissions.length === 0 && <span className="text-slate-400">none</span>}
                    <ul>
                      {u.permissions.map((p) => (
                        <li key={p.vhost} data-testid="user-permission">
                          <span className="font-medium">{p.vhost}</span>: {perm(p.configure)} {perm(p.write)} {perm(p.read)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className={tdClass}>
                    {u.topicPermissions.length === 0 && <span className="text-slate-400">none</span>}
                    <ul>
                      {u.topicPermissions.map((p) => (
                        <li key={`${p.vhost}/${p.exchange}`}>
                          {p.vhost} · {p.exchange}: {perm(p.write)} {perm(p.read)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className={`${tdClass} whitespace-nowrap text-right`}>
                    <div className="flex justify-end gap-1">
                      <button type="button" className={secondaryButtonClass} onClick={() => setOpen({ kind: 'edit', user: u })}>
                        Edit
                      </button>
                      <button type="button" className={secondaryButtonClass} onClick={() => setOpen({ kind: 'permissions', user: u })}>
                        Permissions
                      </button>
                      <button type="button" className={secondaryButtonClass} disabled={u.isWharfUser} title={u.isWharfUser ? 'Wharf connects as this user' : undefined} onClick={() => setOpen({ kind: 'delete', user: u })}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open?.kind === 'create' && <UserForm conn={conn} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && current && <UserForm conn={conn} user={current} onClose={() => setOpen(null)} />}
      {open?.kind === 'permissions' && current && <UserPermissions conn={conn} user={current} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <UserDelete conn={conn} name={open.user.name} onClose={() => setOpen(null)} />}
    </>
  );
}
