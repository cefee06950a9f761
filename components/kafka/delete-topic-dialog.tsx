'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { connectionHref } from '@/components/shell/nav-items';
import { formatBytes, formatCount, formatMessages } from '@/lib/format';
import type { TopicDetail } from '@/lib/contracts/kafka';
import { useDeleteTopicMutation } from '@/lib/query/kafka-topics';
import { Dialog } from '@/components/ui/dialog';
import { btn, btnDanger, input, label } from '@/components/ui/styles';

/** Shows exactly what goes, and asks for the topic's name typed back. */
export function DeleteTopicDialog({ conn, topic, onClose }: { conn: string; topic: TopicDetail; onClose: () => void }) {
  const router = useRouter();
  const del = useDeleteTopicMutation(conn);
  const [typed, setTyped] = useState('');
  return (
    <Dialog title={`Delete topic ${topic.name}`} onClose={onClose}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          del.mutateAsync(topic.name).then(
            () => router.push(connectionHref(conn, 'topics')),
            () => undefined, // shown from del.error
          );
        }}
      >
        <p className="text-sm">
          This deletes the topic <span className="break-all font-mono font-semibold">{topic.name}</span> with its {formatCount(topic.partitions)} partitions,{' '}
          {formatMessages(topic.messages)} and {formatBytes(topic.sizeBytes)} on disk. Consumers and committed offsets of this topic stop working. It cannot be undone.
        </p>
        <label className={label}>
          Type the topic name to confirm
          <input aria-label="Topic name to confirm" className={`${input} font-mono`} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </label>
        {del.error && <ErrorNotice error={del.error} title="The broker refused" />}
        <div className="flex justify-end gap-2">
          <button type="button" className={btn} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={btnDanger} disabled={typed !== topic.name || del.isPending}>
            {del.isPending ? 'Deleting…' : 'Delete topic'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
