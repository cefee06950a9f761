import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { Suspense } from 'react';
import { BrokerConfigsView } from '@/components/kafka/broker-configs-view';
import { assertBrokerScope } from '@/server/kafka/broker-configs';

type Props = { params: Promise<{ id: string; broker: string }> };

/** "cluster" for the cluster-wide defaults, else a broker id. */
function scopeOf(broker: string): number | 'cluster' | null {
  if (broker === 'cluster') return 'cluster';
  return /^\d{1,9}$/.test(broker) ? Number(broker) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, broker } = await params;
  const scope = scopeOf(broker);
  return { title: `${scope === 'cluster' ? 'Cluster-wide configs' : `Broker ${broker} configs`} · ${decodeURIComponent(id)} · Wharf` };
}

export default async function BrokerConfigsPage({ params }: Props) {
  const { id, broker } = await params;
  const scope = scopeOf(broker);
  if (scope === null) notFound();
  const conn = decodeURIComponent(id);
  // An unknown broker id is a 404 page, like an unknown topic.
  await notFoundUnlessExists(conn, () => assertBrokerScope(conn, scope));
  return (
    <Suspense>
      <BrokerConfigsView conn={conn} scope={scope} />
    </Suspense>
  );
}
