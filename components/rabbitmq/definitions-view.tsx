'use client';
import { PageHeader } from '@/components/ui/page-header';
import { useCan as useCapability } from '@/components/connections/use-can';
import { roleAtLeast } from '@/lib/contracts/auth';
import { useConnectionRole, useMeQuery } from '@/lib/query/auth';
import { useConnectionQuery } from '@/lib/query/connections';
import { DefinitionsExport } from './definitions-export';
import { DefinitionsImport } from './definitions-import';

/** Export and import of RabbitMQ definitions; admins only (they hold every user, policy and object). */
export function DefinitionsView({ conn }: { conn: string }) {
  const me = useMeQuery();
  const role = useConnectionRole(conn);
  const canImport = useCapability(conn, 'administration');
  const { data: summary } = useConnectionQuery(conn);
  return (
    <>
      <PageHeader title="Definitions" subtitle="RabbitMQ's users, vhosts, permissions, parameters, policies, queues, exchanges and bindings as one JSON file" />
      {me.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : !roleAtLeast(role, 'admin') ? (
        <p className="text-sm text-slate-500">Exporting and importing definitions needs the admin role on this connection.</p>
      ) : (
        <div className="flex flex-col gap-6">
          <DefinitionsExport conn={conn} />
          <DefinitionsImport conn={conn} connectionName={summary?.name ?? null} canImport={canImport} />
        </div>
      )}
    </>
  );
}
