import 'server-only';
import { logger } from '../logger';
import type { Coordinator } from './coordinator';

export type LeadershipChange = (connection: string, leader: boolean) => void;

const lockKey = (connection: string) => `wharf:sampler:${connection}`;

/**
 * Which replica samples which connection: a session advisory lock per connection on the coordination session.
 * Chosen over a lease row because PostgreSQL frees the lock the moment the holder's session ends (kill -9, a lost
 * host), with no heartbeat writes and no clocks to compare; a follower only has to try again. Each replica takes
 * at most its fair share (connections / live replicas, rounded up), and one above its share lets one go per round,
 * so leaders spread over the replicas as they join, and a replica's connections are picked up by the others when
 * it goes.
 */
export class SamplerLeadership {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly coordinator: Coordinator,
    private readonly connections: () => string[],
    private readonly onChange: LeadershipChange,
    private readonly periodMs: number,
  ) {
    coordinator.onLost(() => {
      // The locks went with the session.
      const was = [...this.held];
      this.held.clear();
      for (const id of was) this.onChange(id, false);
    });
  }

  isLeader(connection: string): boolean {
    return this.held.has(connection);
  }

  get leading(): string[] {
    return [...this.held];
  }

  /** Runs a round now and then every period; resolves after the first round. */
  start(): Promise<void> {
    if (!this.round) {
      this.round = this.runRound();
      const loop = () => {
        this.timer = setTimeout(() => {
          if (this.stopped) return;
          void this.runRound().finally(loop);
        }, this.periodMs);
        this.timer.unref();
      };
      void this.round.finally(loop);
    }
    return this.round;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const was = [...this.held];
    this.held.clear();
    for (const id of was) {
      this.onChange(id, false);
      await this.coordinator.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(id)]).catch(() => undefined);
    }
  }

  private async runRound(): Promise<void> {
    try {
      const ids = this.connections();
      const share = Math.ceil(ids.length / (await this.coordinator.replicas()));
      for (const id of [...this.held]) {
        if (!ids.includes(id)) await this.release(id);
      }
      if (this.held.size > share) await this.release([...this.held].at(-1)!);
      for (const id of ids) {
        if (this.held.size >= share) break;
        if (this.held.has(id)) continue;
        const [row] = await this.coordinator.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [lockKey(id)]);
        if (row?.ok && !this.stopped) {
          this.held.add(id);
          logger.info({ connection: id }, 'this replica now samples the connection');
          this.onChange(id, true);
        }
      }
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : err }, 'sampler leadership round failed');
    }
  }

  private async release(id: string): Promise<void> {
    this.held.delete(id);
    this.onChange(id, false);
    await this.coordinator.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(id)]);
    logger.info({ connection: id }, 'handed the connection to another replica');
  }
}
