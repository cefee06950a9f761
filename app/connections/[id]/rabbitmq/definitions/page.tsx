import type { Metadata } from 'next';
import { DefinitionsView } from '@/components/rabbitmq/definitions-view';
import { decodeSegment } from '@/components/rabbitmq/page-params';

export const metadata: Metadata = { title: 'Definitions · Wharf' };

export default async function DefinitionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DefinitionsView conn={decodeSegment(id)} />;
}
