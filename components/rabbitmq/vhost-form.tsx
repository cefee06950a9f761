'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { queueTypeSchema, type VhostAdmin } from '@/lib/contracts/rabbitmq-access';
import { useCreateVhostMutation, useUpdateVhostMutation } from '@/lib/query/rabbitmq-access';
import { buttonClass, inputClass, secondaryButtonClass } from './styles';
import { parseTagText } from './user-tags';

/** Creates a vhost, or replaces one's description and tags. The default queue type only where the broker has it. */
export function VhostForm({ conn, vhost, defaultQueueTypeSupported, onClose }: { conn: string; vhost?: VhostAdmin; defaultQueueTypeSupported: boolean; onClose: () => void }) {
  const create = useCreateVhostMutation(conn);
  const update = useUpdateVhostMutation(conn);
  const m = vhost ? update : create;
  const [name, setName] = useState('');
  const [description, setDescription] = useState(vhost?.description ?? '');
  const [tags, setTags] = useState((vhost?.tags ?? []).join(', '));
  const [queueType, setQueueType] = useState('');
  const title = vhost ? `Edit vhost ${vhost.name}` : 'New vhost';
  const dqt = queueTypeSchema.safeParse(queueType);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        aria-label={title}
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const body = { description, tags: parseTagText(tags), ...(dqt.success ? { defaultQueueType: dqt.data } : {}) };
          if (vhost) update.mutate({ vhost: vhost.name, ...body }, { onSuccess: onClose });
          else create.mutate({ name, ...body }, { onSuccess: onClose });
        }}
      >
        {!vhost && (
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input required aria-label="Vhost name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </label>
        )}
        <label className="flex flex-col gap-1 text-sm">
          Description
          <input aria-label="Description" className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Tags (comma-separated)
          <input aria-label="Tags" className={inputClass} value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
        {defaultQueueTypeSupported ? (
          <label className="flex flex-col gap-1 text-sm">
            Default queue type
            <select aria-label="Default queue type" className={inputClass} value={queueType} onChange={(e) => setQueueType(e.target.value)}>
              <option value="">{vhost?.defaultQueueType ? `Keep (${vhost.defaultQueueType})` : 'Broker default (classic)'}</option>
              {queueTypeSchema.options.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        ) : (
          <p className="text-xs text-slate-500">This broker has no default queue type per vhost (RabbitMQ 3.11 and later do).</p>
        )}
        {m.error && <ErrorNotice error={m.error} title={vhost ? 'Could not save the vhost' : 'Could not create the vhost'} />}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass} disabled={m.isPending || (!vhost && !name)}>
            {vhost ? 'Save' : 'Create vhost'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
