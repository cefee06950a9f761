import type { Metadata } from 'next';
import { ShareGroupsList } from '@/components/kafka/share-groups-list';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Share groups · ${decodeURIComponent(id)} · Wharf` };
}

export default async function ShareGroupsPage({ params }: Props) {
  const { id } = await params;
  return <ShareGroupsList conn={decodeURIComponent(id)} />;
}
