import { Suspense } from 'react';
import { ExchangeList } from '@/components/rabbitmq/exchange-list';

export default async function ExchangesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ExchangeList conn={id} />
    </Suspense>
  );
}
