import type { Metadata } from 'next';
import { PolicyList } from '@/components/rabbitmq/policy-list';
import { decodeSegment } from '@/components/rabbitmq/page-params';

export const metadata: Metadata = { title: 'Policies · Wharf' };

export default async function PoliciesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PolicyList conn={decodeSegment(id)} />;
}
