import 'server-only';
import type { LiveTick } from '@/lib/contracts/metrics';
import type { SqlDriver } from '../store/driver';
import type { Coordinator } from './coordinator';
import { replicaId } from './coordinator';

export const TICK_CHANNEL = 'wharf_ticks';

/** What a follower needs to derive the same figures as the leader: the tick, and the raw reading behind it. */
export type MirroredTick = { seq: number; replica: string; tick: LiveTick; raw: unknown };

type Row = { seq: string | number; replica: string; tick: unknown; raw: unknown };
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/**
 * Live ticks across replicas: the leader upserts the connection's last tick and notifies the tick's number in the
 * same statement (NOTIFY is sent on commit, so a follower never reads an older row than it was told about);
 * followers read the row. Payloads stay in the table, not in the notification (8000-byte limit).
 */
export class TickBus {
  constructor(
    private readonly db: SqlDriver,
    private readonly coordinator: Coordinator,
  ) {}

  async publish(connection: string, tick: LiveTick, raw: unknown): Promise<void> {
    await this.db.query(
      `WITH up AS (
         INSERT INTO wharf_live (connection, seq, replica, tick, raw, at) VALUES ($1, 1, $2, $3, $4, now())
         ON CONFLICT (connection) DO UPDATE SET seq = wharf_live.seq + 1, replica = $2, tick = $3, raw = $4, at = now()
         RETURNING seq)
       SELECT pg_notify($5, $1 || chr(9) || seq) FROM up`,
      [connection, replicaId, JSON.stringify(tick), raw === null ? null : JSON.stringify(raw), TICK_CHANNEL],
    );
  }

  async latest(connection: string): Promise<MirroredTick | null> {
    const rows = await this.db.query<Row>('SELECT seq, replica, tick, raw FROM wharf_live WHERE connection = $1', [connection]);
    const r = rows[0];
    return r ? { seq: Number(r.seq), replica: r.replica, tick: json(r.tick) as LiveTick, raw: json(r.raw) } : null;
  }

  /** Calls `fn(connection, seq)` for every tick published by any replica. */
  subscribe(fn: (connection: string, seq: number) => void): Promise<() => void> {
    return this.coordinator.listen(TICK_CHANNEL, (payload) => {
      const tab = payload.lastIndexOf('\t');
      if (tab > 0) fn(payload.slice(0, tab), Number(payload.slice(tab + 1)));
    });
  }
}
