import { Suspense } from 'react';
import { TopicsView } from '@/components/kafka/topics-view';

export default async function TopicsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The list reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <TopicsView conn={decodeURIComponent(id)} />
    </Suspense>
  );
}
