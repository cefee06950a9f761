import { Suspense } from 'react';
import { GroupList } from '@/components/groups/group-list';

export default async function ConsumerGroupsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <GroupList connectionId={decodeURIComponent(id)} />
    </Suspense>
  );
}
