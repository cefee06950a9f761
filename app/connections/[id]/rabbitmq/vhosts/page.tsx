import type { Metadata } from 'next';
import { decodeSegment } from '@/components/rabbitmq/page-params';
import { VhostAdminList } from '@/components/rabbitmq/vhost-admin-list';

export const metadata: Metadata = { title: 'RabbitMQ virtual hosts · Wharf' };

export default async function RabbitVhostsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VhostAdminList conn={decodeSegment(id)} />;
}
