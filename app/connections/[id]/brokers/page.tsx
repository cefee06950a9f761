import { BrokersView } from '@/components/kafka/brokers-view';

export default async function BrokersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BrokersView conn={decodeURIComponent(id)} />;
}
