import { existingQueue } from '@/app/_server/rabbit-pages';
import { MessageInspector } from '@/components/rabbitmq/message-inspector';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function QueueMessagesPage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingQueue(params);
  return <MessageInspector conn={conn} vhost={vhost} name={name} />;
}
