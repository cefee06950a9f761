import { ExchangeDetailView } from '@/components/rabbitmq/exchange-detail';
import { rabbitPageParams, type RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function ExchangePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await rabbitPageParams(params);
  return <ExchangeDetailView conn={conn} vhost={vhost} name={name} />;
}
