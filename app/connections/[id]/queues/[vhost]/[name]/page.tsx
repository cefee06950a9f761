import { QueueDetailView } from '@/components/rabbitmq/queue-detail';
import { rabbitPageParams, type RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function QueuePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await rabbitPageParams(params);
  return <QueueDetailView conn={conn} vhost={vhost} name={name} />;
}
