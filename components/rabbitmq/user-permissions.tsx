'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { RabbitUser } from '@/lib/contracts/rabbitmq-access';
import { useClearPermissionMutation, useClearTopicPermissionsMutation, useSetPermissionMutation, useSetTopicPermissionMutation } from '@/lib/query/rabbitmq-access';
import { ConfirmNameDialog } from './confirm-name-dialog';
import { buttonClass, inputClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { VhostSelect } from './vhost-select';

type Revoke = { kind: 'permissions' | 'topic'; vhost: string };

function RegexInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      {label}
      <input aria-label={label} className={`${inputClass} font-mono`} value={value} onChange={(e) => onChange(e.target.value)} placeholder="(empty: nothing)" />
    </label>
  );
}

/** A user's permissions and topic permissions per vhost: set (regexes checked by the server) and revoke. */
export function UserPermissions({ conn, user, onClose }: { conn: string; user: RabbitUser; onClose: () => void }) {
  const set = useSetPermissionMutation(conn);
  const setTopic = useSetTopicPermissionMutation(conn);
  const clear = useClearPermissionMutation(conn);
  const clearTopic = useClearTopicPermissionsMutation(conn);
  const [vhost, setVhost] = useState('/');
  const [perm, setPerm] = useState({ configure: '.*', write: '.*', read: '.*' });
  const [topicVhost, setTopicVhost] = useState('/');
  const [topic, setTopicForm] = useState({ exchange: 'amq.topic', write: '.*', read: '.*' });
  const [revoke, setRevoke] = useState<Revoke | null>(null);
  const revoking = revoke?.kind === 'topic' ? clearTopic : clear;
  return (
    <Dialog title={`Permissions of ${user.name}`} onClose={onClose}>
      <table className={tableClass} aria-label="Permissions">
        <thead>
          <tr>
            <th className={thClass}>Vhost</th>
            <th className={thClass}>Configure</th>
            <th className={thClass}>Write</th>
            <th className={thClass}>Read</th>
            <th className={thClass} />
          </tr>
        </thead>
        <tbody>
          {user.permissions.map((p) => (
            <tr key={p.vhost} data-testid="permission-row">
              <td className={tdClass}>{p.vhost}</td>
              <td className={`${tdClass} font-mono`}>{p.configure || '—'}</td>
              <td className={`${tdClass} font-mono`}>{p.write || '—'}</td>
              <td className={`${tdClass} font-mono`}>{p.read || '—'}</td>
              <td className={tdClass}>
                <button type="button" className={secondaryButtonClass} onClick={() => setRevoke({ kind: 'permissions', vhost: p.vhost })}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {user.permissions.length === 0 && (
            <tr>
              <td className={tdClass} colSpan={5}>
                No permissions on any vhost.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        aria-label="Set permission"
        className="mt-3 grid grid-cols-2 gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate({ name: user.name, vhost, ...perm });
        }}
      >
        <VhostSelect conn={conn} value={vhost} onChange={setVhost} allowAll={false} />
        <RegexInput label="Configure" value={perm.configure} onChange={(configure) => setPerm({ ...perm, configure })} />
        <RegexInput label="Write" value={perm.write} onChange={(write) => setPerm({ ...perm, write })} />
        <RegexInput label="Read" value={perm.read} onChange={(read) => setPerm({ ...perm, read })} />
        <div className="col-span-2">
          {set.error && <ErrorNotice error={set.error} title="Could not set the permission" />}
          <button type="submit" className={`${buttonClass} mt-1`} disabled={set.isPending || !vhost}>
            Set permission
          </button>
        </div>
      </form>

      <h3 className="mt-5 text-sm font-semibold">Topic permissions</h3>
      <ul className="mt-1 text-sm" aria-label="Topic permissions">
        {user.topicPermissions.map((p) => (
          <li key={`${p.vhost}/${p.exchange}`} className="flex items-center justify-between gap-2 py-1" data-testid="topic-permission-row">
            <span>
              {p.vhost} · {p.exchange}: write <code>{p.write || '—'}</code>, read <code>{p.read || '—'}</code>
            </span>
            <button type="button" className={secondaryButtonClass} onClick={() => setRevoke({ kind: 'topic', vhost: p.vhost })}>
              Clear vhost
            </button>
          </li>
        ))}
        {user.topicPermissions.length === 0 && <li className="text-slate-500">None: topic exchanges are not restricted by routing key.</li>}
      </ul>
      <form
        aria-label="Set topic permission"
        className="mt-2 grid grid-cols-2 gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setTopic.mutate({ name: user.name, vhost: topicVhost, ...topic });
        }}
      >
        <VhostSelect conn={conn} value={topicVhost} onChange={setTopicVhost} allowAll={false} />
        <label className="flex flex-col gap-1 text-sm">
          Exchange
          <input aria-label="Exchange" className={inputClass} value={topic.exchange} onChange={(e) => setTopicForm({ ...topic, exchange: e.target.value })} />
        </label>
        <RegexInput label="Topic write" value={topic.write} onChange={(write) => setTopicForm({ ...topic, write })} />
        <RegexInput label="Topic read" value={topic.read} onChange={(read) => setTopicForm({ ...topic, read })} />
        <div className="col-span-2">
          {setTopic.error && <ErrorNotice error={setTopic.error} title="Could not set the topic permission" />}
          <button type="submit" className={`${buttonClass} mt-1`} disabled={setTopic.isPending || !topicVhost || !topic.exchange}>
            Set topic permission
          </button>
        </div>
      </form>
      <div className="mt-4 flex justify-end">
        <button type="button" className={secondaryButtonClass} onClick={onClose}>
          Done
        </button>
      </div>
      {revoke && (
        <ConfirmNameDialog
          title={revoke.kind === 'topic' ? 'Clear topic permissions' : 'Revoke permissions'}
          name={user.name}
          actionLabel={revoke.kind === 'topic' ? 'Clear topic permissions' : 'Revoke'}
          pending={revoking.isPending}
          onCancel={() => setRevoke(null)}
          onConfirm={() => revoking.mutate({ name: user.name, vhost: revoke.vhost }, { onSettled: () => setRevoke(null) })}
        >
          {revoke.kind === 'topic' ? (
            <p>
              Clears every topic permission of <strong>{user.name}</strong> on vhost <strong>{revoke.vhost}</strong> (RabbitMQ clears them for all exchanges at once).
            </p>
          ) : (
            <p>
              <strong>{user.name}</strong> loses configure, write and read on vhost <strong>{revoke.vhost}</strong>: it can no longer open connections there.
            </p>
          )}
          {revoking.error && <ErrorNotice error={revoking.error} title="The broker refused" />}
        </ConfirmNameDialog>
      )}
    </Dialog>
  );
}
