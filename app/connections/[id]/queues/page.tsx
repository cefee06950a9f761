import { Suspense } from 'react';
import { QueueList } from '@/components/rabbitmq/queue-list';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Queues', p.id]);

export default async function QueuesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <QueueList conn={id} />
    </Suspense>
  );
}
