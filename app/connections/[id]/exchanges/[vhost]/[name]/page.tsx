import { existingExchange } from '@/app/_server/rabbit-pages';
import { ExchangeDetailView } from '@/components/rabbitmq/exchange-detail';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';

export default async function ExchangePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingExchange(params);
  return <ExchangeDetailView conn={conn} vhost={vhost} name={name} />;
}
