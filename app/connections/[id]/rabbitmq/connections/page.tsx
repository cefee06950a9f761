import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectionList } from '@/components/rabbitmq/connection-list';
import { decodeSegment } from '@/components/rabbitmq/page-params';

export const metadata: Metadata = { title: 'Client connections · Wharf' };

export default async function ClientConnectionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ConnectionList conn={decodeSegment(id)} />
    </Suspense>
  );
}
