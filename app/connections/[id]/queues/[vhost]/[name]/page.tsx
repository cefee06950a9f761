import { existingQueue } from '@/app/_server/rabbit-pages';
import { QueueDetailView } from '@/components/rabbitmq/queue-detail';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Queue ${p.name}`, p.vhost === '/' ? p.id : `${p.id} ${p.vhost}`]);

export default async function QueuePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingQueue(params);
  return <QueueDetailView conn={conn} vhost={vhost} name={name} />;
}
