import type { KafkaPosition, KafkaReplayParams } from '@/lib/contracts/jobs';

export type PositionForm = { kind: 'earliest' | 'latest' | 'offset' | 'timestamp'; value: string };

export type ReplayForm = {
  partitions: string;
  from: PositionForm;
  to: PositionForm;
  filter: string;
  targetKind: 'kafka' | 'rabbitmq';
  targetConnection: string;
  targetTopic: string;
  partitioning: 'keep' | 'key' | 'fixed';
  fixedPartition: string;
  keepTimestamp: boolean;
  createTopic: boolean;
  vhost: string;
  exchange: string;
  routingKey: string;
  provenanceHeaders: boolean;
  allowSameTopic: boolean;
};

export function initialReplayForm(sourceConnection: string, topic: string, preset: Partial<ReplayForm> = {}): ReplayForm {
  return {
    partitions: '',
    from: { kind: 'earliest', value: '' },
    to: { kind: 'latest', value: '' },
    filter: '',
    targetKind: 'kafka',
    targetConnection: sourceConnection,
    targetTopic: `${topic}.replay`,
    partitioning: 'keep',
    fixedPartition: '0',
    keepTimestamp: false,
    createTopic: true,
    vhost: '/',
    exchange: '',
    routingKey: '{key}',
    provenanceHeaders: true,
    allowSameTopic: false,
    ...preset,
  };
}

/** A datetime-local value (local time, to the second). */
function localSeconds(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * "Replay these": the range that covers the shown messages. From one partition the offsets are exact; across
 * partitions a replay range is a time range (to the second), which the dialog shows for the user to adjust.
 */
export function presetForMessages(messages: ReadonlyArray<{ partition: number; offset: number; timestamp: number }>, filter: string): Partial<ReplayForm> {
  if (messages.length === 0) return { filter };
  const partitions = [...new Set(messages.map((m) => m.partition))].sort((a, b) => a - b);
  if (partitions.length === 1) {
    const offsets = messages.map((m) => m.offset);
    return {
      partitions: String(partitions[0]),
      from: { kind: 'offset', value: String(Math.min(...offsets)) },
      to: { kind: 'offset', value: String(Math.max(...offsets) + 1) },
      filter,
    };
  }
  const times = messages.map((m) => m.timestamp);
  return {
    partitions: partitions.join(', '),
    from: { kind: 'timestamp', value: localSeconds(Math.floor(Math.min(...times) / 1000) * 1000) },
    to: { kind: 'timestamp', value: localSeconds((Math.floor(Math.max(...times) / 1000) + 1) * 1000) },
    filter,
  };
}

type Result = { ok: true; params: KafkaReplayParams } | { ok: false; field: string; message: string };

function position(p: PositionForm, field: string): KafkaPosition | string {
  if (p.kind === 'earliest' || p.kind === 'latest') return p.kind;
  if (p.kind === 'offset') {
    const n = Number(p.value);
    return Number.isInteger(n) && n >= 0 && p.value.trim() !== '' ? { offset: n } : `${field}: an offset is a whole number ≥ 0`;
  }
  const ms = Date.parse(p.value);
  return Number.isNaN(ms) ? `${field}: not a date and time` : { timestamp: ms };
}

/** Checks the form and builds the job's parameters; the first problem names its field. */
export function toReplayParams(sourceConnection: string, topic: string, f: ReplayForm): Result {
  const fail = (field: string, message: string): Result => ({ ok: false, field, message });
  let partitions: number[] | undefined;
  if (f.partitions.trim()) {
    const list = f.partitions.split(/[\s,]+/).filter(Boolean).map(Number);
    if (list.some((n) => !Number.isInteger(n) || n < 0)) return fail('partitions', 'Partitions: a list of numbers like "0, 2, 5", or empty for all');
    partitions = [...new Set(list)].sort((a, b) => a - b);
  }
  const from = position(f.from, 'From');
  if (typeof from === 'string' && from !== 'earliest' && from !== 'latest') return fail('from', from);
  const to = position(f.to, 'To');
  if (typeof to === 'string' && to !== 'earliest' && to !== 'latest') return fail('to', to);
  if (!f.targetConnection) return fail('targetConnection', 'Choose a target connection');
  const source = { connection: sourceConnection, topic, partitions, from: from as KafkaPosition, to: to as KafkaPosition, filter: f.filter.trim() || undefined };
  const common = { kind: 'kafka-replay' as const, source, provenanceHeaders: f.provenanceHeaders, allowSameTopic: f.allowSameTopic };
  if (f.targetKind === 'kafka') {
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(f.targetTopic)) return fail('targetTopic', 'Target topic: letters, digits, ".", "_" and "-"');
    const partition = Number(f.fixedPartition);
    if (f.partitioning === 'fixed' && !(Number.isInteger(partition) && partition >= 0)) return fail('fixedPartition', 'Partition: a whole number ≥ 0');
    return {
      ok: true,
      params: {
        ...common,
        target: {
          kind: 'kafka',
          connection: f.targetConnection,
          topic: f.targetTopic,
          partitioning: f.partitioning,
          partition: f.partitioning === 'fixed' ? partition : undefined,
          keepTimestamp: f.keepTimestamp,
          createTopic: f.createTopic,
        },
      },
    };
  }
  if (!f.vhost) return fail('vhost', 'Choose a vhost');
  return { ok: true, params: { ...common, target: { kind: 'rabbitmq', connection: f.targetConnection, vhost: f.vhost, exchange: f.exchange, routingKey: f.routingKey } } };
}
