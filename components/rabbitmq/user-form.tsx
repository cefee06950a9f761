'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { RabbitUser } from '@/lib/contracts/rabbitmq-access';
import { useCreateUserMutation, useUpdateUserMutation } from '@/lib/query/rabbitmq-access';
import { buttonClass, inputClass, secondaryButtonClass } from './styles';
import { UserTagsInput } from './user-tags';

/**
 * Creates a user, or edits one's tags and password. The password lives only in this form's state: it is sent once
 * and never shown again (the server never returns it, nor its hash).
 */
export function UserForm({ conn, user, onClose }: { conn: string; user?: RabbitUser; onClose: () => void }) {
  const create = useCreateUserMutation(conn);
  const update = useUpdateUserMutation(conn);
  const m = user ? update : create;
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const [tags, setTags] = useState<string[]>(user?.tags ?? []);
  const title = user ? `Edit user ${user.name}` : 'New user';
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        aria-label={title}
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const done = { onSuccess: onClose };
          if (user) update.mutate({ name: user.name, tags, ...(password ? { password } : {}), ...(removePassword ? { removePassword } : {}) }, done);
          else create.mutate({ name, tags, ...(password ? { password } : {}) }, done);
        }}
      >
        {!user && (
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input required aria-label="User name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </label>
        )}
        <label className="flex flex-col gap-1 text-sm">
          {user ? 'New password (leave empty to keep the current one)' : 'Password (leave empty for a passwordless user)'}
          <input
            type="password"
            aria-label="Password"
            className={inputClass}
            value={password}
            disabled={removePassword}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {user?.hasPassword && (
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} disabled={!!password} /> Remove the password (passwordless: certificates or
            another mechanism only)
          </label>
        )}
        <UserTagsInput value={tags} onChange={setTags} />
        {m.error && <ErrorNotice error={m.error} title={user ? 'Could not save the user' : 'Could not create the user'} />}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass} disabled={m.isPending || (!user && !name)}>
            {user ? 'Save' : 'Create user'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
