'use client';
import type { ShovelPreview } from '@/lib/contracts/rabbitmq-shovels';
import { formatMessages } from '@/lib/format';

/** What creating the shovel will do, read from the broker just now (the source's depth is the management API's, up to 5 s old). */
export function ShovelPreviewPanel({ preview }: { preview: ShovelPreview }) {
  return (
    <div role="region" aria-label="Shovel preview" data-testid="shovel-preview" className="mb-2 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40">
      {preview.exists && <p className="mb-1 font-medium text-red-700 dark:text-red-400">A shovel named &quot;{preview.name}&quot; exists already in vhost &quot;{preview.vhost}&quot;: choose another name.</p>}
      <p>{preview.summary}</p>
      <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-x-2 gap-y-0.5 text-xs">
        <dt>Source</dt>
        <dd className="break-all">
          {preview.source.kind} {preview.source.name} · {preview.source.location}
        </dd>
        <dt>Messages there now</dt>
        <dd data-testid="shovel-preview-depth">{preview.source.depth ?? 'unknown'}</dd>
        <dt>Destination</dt>
        <dd className="break-all">
          {preview.destination.kind} {preview.destination.name}
          {preview.destination.routingKey ? ` (routing key ${preview.destination.routingKey})` : ''} · {preview.destination.location}
        </dd>
        <dt>Will move</dt>
        <dd>{preview.willMove === null ? 'everything, until deleted' : `${formatMessages(preview.willMove)}, then deletes itself`}</dd>
      </dl>
    </div>
  );
}
