import { MessageInspector } from '@/components/rabbitmq/message-inspector';
import { rabbitPageParams, type RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function QueueMessagesPage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await rabbitPageParams(params);
  return <MessageInspector conn={conn} vhost={vhost} name={name} />;
}
