import { Suspense } from 'react';
import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { GroupDetail } from '@/components/groups/group-detail';
import { NotFoundError } from '@/server/http/errors';
import { getGroupOffsets } from '@/server/kafka/groups-offsets';
import { getGroup } from '@/server/sampler/kafka-groups';
import { titled } from '@/app/_server/page-title';

/** The sampler's view first (no broker call); a group it has not seen yet (made since its last tick) is asked live. */
async function findGroup(conn: string, group: string): Promise<unknown> {
  try {
    return await getGroup(conn, group);
  } catch (e) {
    if (e instanceof NotFoundError) return getGroupOffsets(conn, group);
    throw e;
  }
}

export const generateMetadata = titled((p) => [`Group ${p.group}`, p.id]);

export default async function ConsumerGroupPage({ params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  const conn = decodeURIComponent(id);
  const groupId = decodeURIComponent(group);
  const found = await notFoundUnlessExists(conn, () => findGroup(conn, groupId));
  return (
    <Suspense>
      <GroupDetail connectionId={conn} groupId={groupId} knownToExist={found === 'present'} />
    </Suspense>
  );
}
