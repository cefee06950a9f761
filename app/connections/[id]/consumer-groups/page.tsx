import { Suspense } from 'react';
import { GroupList } from '@/components/groups/group-list';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Consumer groups', p.id]);

export default async function ConsumerGroupsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <GroupList connectionId={decodeURIComponent(id)} />
    </Suspense>
  );
}
