import type { Metadata } from 'next';
import { Suspense } from 'react';
import { decodeSegment } from '@/components/rabbitmq/page-params';
import { ShovelList } from '@/components/rabbitmq/shovel-list';

export const metadata: Metadata = { title: 'Shovels and federation · Wharf' };

export default async function ShovelsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ShovelList conn={decodeSegment(id)} />
    </Suspense>
  );
}
