import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChannelList } from '@/components/rabbitmq/channel-list';
import { decodeSegment } from '@/components/rabbitmq/page-params';

export const metadata: Metadata = { title: 'Channels · Wharf' };

export default async function ChannelsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ChannelList conn={decodeSegment(id)} />
    </Suspense>
  );
}
