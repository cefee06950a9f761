import { Suspense } from 'react';
import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { TopicView } from '@/components/kafka/topic-view';
import { getTopic } from '@/server/kafka/topics';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Topic ${p.topic}`, p.id]);

export default async function TopicPage({ params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  const conn = decodeURIComponent(id);
  const name = decodeURIComponent(topic);
  await notFoundUnlessExists(conn, () => getTopic(conn, name, null));
  return (
    <Suspense>
      <TopicView conn={conn} topic={name} />
    </Suspense>
  );
}
