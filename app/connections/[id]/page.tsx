import { ConnectionOverview } from '@/components/connections/connection-overview';

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConnectionOverview id={decodeURIComponent(id)} />;
}
