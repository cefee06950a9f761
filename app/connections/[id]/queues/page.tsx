import { Suspense } from 'react';
import { QueueList } from '@/components/rabbitmq/queue-list';

export default async function QueuesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <QueueList conn={id} />
    </Suspense>
  );
}
