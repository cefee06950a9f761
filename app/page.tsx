import { pageTitle } from '@/app/_server/page-title';
import { ConnectionsOverview } from '@/components/connections/connections-overview';

export const metadata = { title: pageTitle('All connections') };

export default function OverviewPage() {
  return <ConnectionsOverview />;
}
