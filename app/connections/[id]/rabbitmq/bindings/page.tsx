import { Suspense } from 'react';
import { BindingList } from '@/components/rabbitmq/binding-list';

export default async function BindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <BindingList conn={id} />
    </Suspense>
  );
}
