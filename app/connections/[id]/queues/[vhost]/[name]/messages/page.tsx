import { existingQueue } from '@/app/_server/rabbit-pages';
import { MessageInspector } from '@/components/rabbitmq/message-inspector';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Messages of ${p.name}`, p.id]);

export default async function QueueMessagesPage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingQueue(params);
  return <MessageInspector conn={conn} vhost={vhost} name={name} />;
}
