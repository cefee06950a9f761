import { RabbitOverview } from '@/components/rabbitmq/rabbit-overview';

export default async function RabbitOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RabbitOverview conn={id} />;
}
