import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConsumerList } from '@/components/rabbitmq/consumer-list';
import { decodeSegment } from '@/components/rabbitmq/page-params';

export const metadata: Metadata = { title: 'Consumers · Wharf' };

export default async function ConsumersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ConsumerList conn={decodeSegment(id)} />
    </Suspense>
  );
}
