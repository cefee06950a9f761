import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TransactionsView } from '@/components/kafka/transactions-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Transactions · ${decodeURIComponent(id)} · Wharf` };
}

export default async function TransactionsPage({ params }: Props) {
  const { id } = await params;
  return (
    <Suspense>
      <TransactionsView conn={decodeURIComponent(id)} />
    </Suspense>
  );
}
