import type { Metadata } from 'next';
import { ConnectionDetailView } from '@/components/rabbitmq/connection-detail';
import { decodeSegment } from '@/components/rabbitmq/page-params';

type Params = Promise<{ id: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Connection ${decodeSegment((await params).name)} · Wharf` };
}

export default async function ClientConnectionPage({ params }: { params: Params }) {
  const { id, name } = await params;
  return <ConnectionDetailView conn={decodeSegment(id)} name={decodeSegment(name)} />;
}
