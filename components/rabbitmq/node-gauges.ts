import type { NodeHealth } from '@/lib/contracts/rabbitmq-nodes';
import { formatBytes, formatCount } from '@/lib/format';

export type GaugeLevel = 'ok' | 'warn' | 'alarm' | 'unknown';

export type Gauge = {
  id: 'memory' | 'disk' | 'fds' | 'sockets' | 'processes';
  label: string;
  /** 0..1 of the bar that is filled; null when unknown. */
  fraction: number | null;
  level: GaugeLevel;
  text: string;
};

/** From this share of a limit on, a gauge turns amber: the operator still has time to act. */
export const WARN_AT = 0.8;
/** File descriptors, sockets and processes have no alarm of their own: at this share the node is about to refuse. */
const CRITICAL_AT = 0.95;

/** `alarm`: the broker's alarm flag for memory and disk; null for a resource without an alarm of its own. */
function levelOf(fraction: number | null, alarm: boolean | null = null): GaugeLevel {
  if (alarm) return 'alarm';
  if (fraction === null) return 'unknown';
  if (fraction >= CRITICAL_AT && alarm === null) return 'alarm';
  return fraction >= WARN_AT ? 'warn' : 'ok';
}

const share = (used: number | null, total: number | null) => (used === null || !total ? null : Math.min(1, used / total));

function usage(id: Gauge['id'], label: string, u: { used: number | null; total: number | null }): Gauge {
  const fraction = share(u.used, u.total);
  return { id, label, fraction, level: levelOf(fraction), text: `${formatCount(u.used)} of ${formatCount(u.total)}` };
}

/**
 * A node's resources as bars against the limit that matters: memory against its high watermark, disk free space
 * against the free-space limit (the bar fills as free space shrinks toward it), the rest against their totals. The
 * broker's own alarm flag wins over any share.
 */
export function nodeGauges(n: NodeHealth): Gauge[] {
  const mem = share(n.memory.used, n.memory.limit);
  // Free space shrinking toward the limit: at the limit the bar is full (limit / free = 1).
  const disk = n.disk.free === null || n.disk.limit === null ? null : n.disk.free <= 0 ? 1 : Math.min(1, n.disk.limit / n.disk.free);
  return [
    {
      id: 'memory',
      label: 'Memory',
      fraction: mem,
      level: levelOf(mem, n.memory.alarm ?? false),
      text: `${formatBytes(n.memory.used)} of ${formatBytes(n.memory.limit)} high watermark`,
    },
    {
      id: 'disk',
      label: 'Disk free',
      fraction: disk,
      level: levelOf(disk, n.disk.alarm ?? false),
      text: `${formatBytes(n.disk.free)} free, alarm at ${formatBytes(n.disk.limit)}`,
    },
    usage('fds', 'File descriptors', n.fileDescriptors),
    usage('sockets', 'Sockets', n.sockets),
    usage('processes', 'Erlang processes', n.processes),
  ];
}
