import { ConnectionsOverview } from '@/components/connections/connections-overview';

export default function OverviewPage() {
  return <ConnectionsOverview />;
}
