import { Suspense } from 'react';
import { GroupDetail } from '@/components/groups/group-detail';

export default async function ConsumerGroupPage({ params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  return (
    <Suspense>
      <GroupDetail connectionId={decodeURIComponent(id)} groupId={decodeURIComponent(group)} />
    </Suspense>
  );
}
