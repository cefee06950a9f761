import { MovePanel } from '@/components/rabbitmq/move-panel';
import { rabbitPageParams, type RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function QueueMovePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await rabbitPageParams(params);
  return <MovePanel conn={conn} vhost={vhost} name={name} />;
}
