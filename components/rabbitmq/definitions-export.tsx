'use client';
import { useState } from 'react';
import { definitionsExportHref } from '@/lib/query/rabbitmq-definitions';
import { buttonClass, cardClass } from './styles';
import { VhostSelect } from './vhost-select';

export function DefinitionsExport({ conn }: { conn: string }) {
  const [vhost, setVhost] = useState('');
  const [includeUsers, setIncludeUsers] = useState(false);
  const allVhosts = vhost === '';
  return (
    <section aria-labelledby="definitions-export" className={cardClass}>
      <h2 id="definitions-export" className="mb-3 text-base font-semibold">
        Export
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <VhostSelect conn={conn} value={vhost} onChange={setVhost} />
        {allVhosts && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" role="switch" aria-checked={includeUsers} checked={includeUsers} onChange={(e) => setIncludeUsers(e.target.checked)} />
            Include users and their password hashes
          </label>
        )}
        <a className={buttonClass} href={definitionsExportHref(conn, { vhost: vhost || undefined, includeUsers: allVhosts && includeUsers })} download>
          Download JSON
        </a>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {!allVhosts
          ? `An export of one vhost holds its queues, exchanges, bindings, policies and parameters; no users, vhosts or permissions.`
          : includeUsers
            ? 'The file will hold every user with its password hash: keep it as you would keep the passwords.'
            : 'Users are left out of the file (their password hashes stay on the broker). Permissions are kept; importing them needs those users on the target.'}
      </p>
    </section>
  );
}
