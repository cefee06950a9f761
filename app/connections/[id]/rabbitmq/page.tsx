import { RabbitOverview } from '@/components/rabbitmq/rabbit-overview';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Cluster', p.id]);

export default async function RabbitOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RabbitOverview conn={id} />;
}
