import type { Metadata } from 'next';
import { ShareGroupsDetail } from '@/components/kafka/share-groups-detail';

type Props = { params: Promise<{ id: string; group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, group } = await params;
  return { title: `Share group ${decodeURIComponent(group)} · ${decodeURIComponent(id)} · Wharf` };
}

export default async function ShareGroupPage({ params }: Props) {
  const { id, group } = await params;
  return <ShareGroupsDetail conn={decodeURIComponent(id)} groupId={decodeURIComponent(group)} />;
}
