import { BrokersView } from '@/components/kafka/brokers-view';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Brokers', p.id]);

export default async function BrokersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BrokersView conn={decodeURIComponent(id)} />;
}
