'use client';
import { useState } from 'react';
import { useCan } from '@/components/connections/use-can';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useShovelsQuery } from '@/lib/query/rabbitmq-shovels';
import { FederationLinks } from './federation-links';
import { ShovelCreateForm } from './shovel-create-form';
import { ShovelTable } from './shovel-table';
import { buttonClass } from './styles';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

/** Shovels and federation links of one connection, in two tables; creating, restarting and deleting are for admins. */
export function ShovelList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost') || undefined;
  const canAdminister = useCan(conn, 'administration');
  const [creating, setCreating] = useState(false);
  const { data, error, isLoading, isFetching } = useShovelsQuery(conn, vhost);
  return (
    <>
      <PageHeader
        title="Shovels and federation"
        subtitle={data ? `${data.length} shovel${data.length === 1 ? '' : 's'}${isFetching ? ' · refreshing' : ''}` : undefined}
        actions={
          canAdminister && (
            <button type="button" className={buttonClass} onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
              {creating ? 'Close form' : 'Create shovel'}
            </button>
          )
        }
      />
      <div className="mb-3">
        <VhostSelect conn={conn} value={vhost ?? ''} onChange={(v) => url.set({ vhost: v || undefined })} />
      </div>
      {creating && <ShovelCreateForm conn={conn} defaultVhost={vhost ?? '/'} onDone={() => setCreating(false)} />}
      <h2 className="mb-2 text-lg font-semibold">Shovels</h2>
      {error && <ErrorNotice error={error} title="Could not list shovels" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <ShovelTable conn={conn} rows={data} canAdminister={canAdminister} />}
      <FederationLinks conn={conn} vhost={vhost} canAdminister={canAdminister} />
    </>
  );
}
