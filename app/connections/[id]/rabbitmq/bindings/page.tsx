import { Suspense } from 'react';
import { BindingList } from '@/components/rabbitmq/binding-list';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => ['Bindings', p.id]);

export default async function BindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <BindingList conn={id} />
    </Suspense>
  );
}
