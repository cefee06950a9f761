import { Suspense } from 'react';
import { TopicView } from '@/components/kafka/topic-view';

export default async function TopicPage({ params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return (
    <Suspense>
      <TopicView conn={decodeURIComponent(id)} topic={decodeURIComponent(topic)} />
    </Suspense>
  );
}
