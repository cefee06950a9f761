import { existingQueue } from '@/app/_server/rabbit-pages';
import { MovePanel } from '@/components/rabbitmq/move-panel';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Move from ${p.name}`, p.id]);

export default async function QueueMovePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingQueue(params);
  return <MovePanel conn={conn} vhost={vhost} name={name} />;
}
