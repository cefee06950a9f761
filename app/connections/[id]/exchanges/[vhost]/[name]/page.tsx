import { existingExchange } from '@/app/_server/rabbit-pages';
import { ExchangeDetailView } from '@/components/rabbitmq/exchange-detail';
import type { RabbitPageParams } from '@/components/rabbitmq/page-params';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Exchange ${p.name || '(default)'}`, p.id]);

export default async function ExchangePage({ params }: { params: RabbitPageParams }) {
  const { conn, vhost, name } = await existingExchange(params);
  return <ExchangeDetailView conn={conn} vhost={vhost} name={name} />;
}
