'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { useAddPartitionsMutation } from '@/lib/query/kafka-topics';
import { Dialog } from '@/components/ui/dialog';
import { btn, btnPrimary, input, label } from '@/components/ui/styles';

export function AddPartitionsDialog({ conn, topic, current, onClose }: { conn: string; topic: string; current: number; onClose: () => void }) {
  const add = useAddPartitionsMutation(conn, topic);
  const [total, setTotal] = useState(current + 1);
  return (
    <Dialog title="Add partitions" onClose={onClose}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(total, { onSuccess: onClose });
        }}
      >
        <p className="text-sm">
          The topic has {current} partitions. Kafka can add partitions but never remove them, and keys will map to different partitions from now on.
        </p>
        <label className={label}>
          New total
          <input className={input} type="number" min={current + 1} max={10000} value={total} onChange={(e) => setTotal(Number(e.target.value))} />
        </label>
        {add.error && <ErrorNotice error={add.error} title="The broker refused" />}
        <div className="flex justify-end gap-2">
          <button type="button" className={btn} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={btnPrimary} disabled={total <= current || add.isPending}>
            Add {Math.max(0, total - current)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
