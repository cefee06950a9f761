import type { Metadata } from 'next';
import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { ShareGroupsDetail } from '@/components/kafka/share-groups-detail';
import { getShareGroup } from '@/server/kafka/share-groups';

type Props = { params: Promise<{ id: string; group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, group } = await params;
  return { title: `Share group ${decodeURIComponent(group)} · ${decodeURIComponent(id)} · Wharf` };
}

export default async function ShareGroupPage({ params }: Props) {
  const { id, group } = await params;
  const conn = decodeURIComponent(id);
  const groupId = decodeURIComponent(group);
  // A broker without share groups answers 501: not "not found", the page says so itself.
  await notFoundUnlessExists(conn, () => getShareGroup(conn, groupId));
  return <ShareGroupsDetail conn={conn} groupId={groupId} />;
}
