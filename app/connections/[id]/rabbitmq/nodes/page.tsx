import { Suspense } from 'react';
import { NodeHealthView } from '@/components/rabbitmq/node-health';
import { decodeSegment } from '@/components/rabbitmq/page-params';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Nodes', p.id]);

export default async function NodesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <NodeHealthView conn={decodeSegment(id)} />
    </Suspense>
  );
}
