import { existingQueue } from '@/app/_server/rabbit-pages';
import { QueueDetailView } from '@/components/rabbitmq/queue-detail';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function QueuePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingQueue(params);
  return <QueueDetailView conn={conn} vhost={vhost} name={name} />;
}
