import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { ConnectionOverview } from '@/components/connections/connection-overview';
import { getConnector } from '@/server/connections/registry';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [p.id]);

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const conn = decodeURIComponent(id);
  // The configured connections only: no broker call.
  await notFoundUnlessExists(conn, async () => getConnector(conn));
  return <ConnectionOverview id={conn} />;
}
