import { Suspense } from 'react';
import { TopicsView } from '@/components/kafka/topics-view';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Topics', p.id]);

export default async function TopicsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The list reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <TopicsView conn={decodeURIComponent(id)} />
    </Suspense>
  );
}
