import type { Metadata } from 'next';
import { decodeSegment } from '@/components/rabbitmq/page-params';
import { UserList } from '@/components/rabbitmq/user-list';

export const metadata: Metadata = { title: 'RabbitMQ users · Wharf' };

export default async function RabbitUsersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <UserList conn={decodeSegment(id)} />;
}
