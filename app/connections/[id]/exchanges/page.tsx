import { Suspense } from 'react';
import { ExchangeList } from '@/components/rabbitmq/exchange-list';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Exchanges', p.id]);

export default async function ExchangesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ExchangeList conn={id} />
    </Suspense>
  );
}
