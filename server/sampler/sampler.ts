import 'server-only';
import type { LiveTick, SamplerStatus } from '@/lib/contracts/metrics';
import { countRequests, type KafkaConnector } from '../kafka/connector';
import { logger } from '../logger';
import type { RabbitmqConnector } from '../rabbitmq/connector';
import type { HistoryStore } from '../store/history';
import { kafkaEntities, rabbitmqEntities, toSamples, type Entity } from './entities';
import { collectKafka } from './kafka-collect';
import { deriveKafka, type KafkaDerived } from './kafka-derive';
import type { KafkaRaw } from './kafka-types';
import { collectRabbitmq, type RabbitmqRaw } from './rabbitmq-collect';
import { fromWire, toWire } from './raw-wire';
import { replicaId } from '../cluster/coordinator';

/** Samples in the sliding window behind lag status and time to drain (Burrow's default is 10). */
export const DEFAULT_WINDOW_SAMPLES = 10;

export type SamplerOptions = {
  intervalMs: number;
  windowSamples?: number;
  /** Where history goes; null keeps it in memory only (tests). A promise so the store can open lazily. */
  history: Promise<HistoryStore> | null;
  /**
   * Reads a tick instead of the broker (the default is collectKafka / collectRabbitmq). The tick's time is the
   * one it carries, so scripts/history-day.ts can feed a simulated day through the rest of the sampler.
   */
  source?: { kafka?: () => Promise<KafkaRaw>; rabbitmq?: () => Promise<RabbitmqRaw> };
};

export type TickListener = (tick: LiveTick) => void;

/**
 * One per connection, whatever the number of viewers: reads the broker every interval, derives lag and
 * rates, writes history and fans each tick out to subscribers. Viewers only ever read what it holds.
 */
export class Sampler {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private running = false;
  private readonly subscribers = new Set<TickListener>();
  private readonly observers = new Set<TickListener>();
  private readonly kafkaWindow: KafkaRaw[] = [];
  private readonly lastCommitAt = new Map<string, number>();
  private firstTick: Promise<void> | null = null;
  /** Set while this replica samples the connection for others (PostgreSQL store): each tick is mirrored to them. */
  publish: ((tick: LiveTick, raw: unknown) => Promise<void>) | null = null;
  /** 'single': one process, no replicas; otherwise whether this replica samples the connection or mirrors it. */
  role: 'single' | 'leader' | 'follower' = 'single';
  /** The failure last logged: samplers run from boot, so an unreachable broker would otherwise log every tick. */
  private loggedError: string | null = null;

  kafka: KafkaDerived | null = null;
  rabbitmq: RabbitmqRaw | null = null;
  lastTick: LiveTick | null = null;
  ticks = 0;
  errors = 0;
  totalBrokerRequests = 0;

  constructor(
    readonly connector: KafkaConnector | RabbitmqConnector,
    private readonly options: SamplerOptions,
  ) {}

  get id(): string {
    return this.connector.config.id;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  /** Starts the loop (idempotent); resolves after the first tick, successful or not. */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.firstTick = this.tick();
    }
    return this.firstTick ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight?.catch(() => undefined);
  }

  /** Runs a tick now, or joins the one in flight; the loop then continues from it. */
  tick(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight = this.runTick().finally(() => {
      this.inFlight = null;
      if (this.running) {
        // A tick that takes long (a huge cluster, a struggling broker) stretches the gap after it, so the
        // sampler never spends more than half its time reading the broker.
        const delay = Math.max(this.options.intervalMs, 2 * (this.lastTick?.durationMs ?? 0));
        this.timer = setTimeout(() => void this.tick(), delay);
        // The sampler must never be what keeps a process (a test, a CLI) alive.
        this.timer.unref();
      }
    });
    return this.inFlight;
  }

  /** Server-sent event streams; they cost the broker nothing. Returns the unsubscribe function. */
  subscribe(listener: TickListener): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** In-process observers (Prometheus); not counted as viewers. */
  observe(listener: TickListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  status(): SamplerStatus {
    return {
      connection: this.id,
      running: this.running || this.role === 'follower',
      role: this.role,
      replica: replicaId,
      intervalMs: this.options.intervalMs,
      ticks: this.ticks,
      lastTickAt: this.lastTick ? new Date(this.lastTick.ts).toISOString() : null,
      lastDurationMs: this.lastTick?.durationMs ?? null,
      lastBrokerRequests: this.lastTick?.brokerRequests ?? null,
      totalBrokerRequests: this.totalBrokerRequests,
      subscribers: this.subscribers.size,
      lastError: this.lastTick?.error ?? null,
    };
  }

  private async runTick(): Promise<void> {
    const started = performance.now();
    let entities: Entity[] = [];
    let requests = 0;
    let error: string | null = null;
    let ts = Date.now();
    let raw: KafkaRaw | RabbitmqRaw | null = null;
    try {
      if (this.connector.config.kind === 'kafka') {
        const read = this.options.source?.kafka ?? (() => collectKafka(this.connector as KafkaConnector));
        // Counted also when the tick fails: its requests reached the broker all the same.
        const counted = await countRequests(() => read().then((r) => ({ raw: r, failure: null }), (failure: unknown) => ({ raw: null, failure })));
        requests = counted.requests;
        if (!counted.result.raw) throw counted.result.failure;
        raw = counted.result.raw;
      } else {
        raw = await (this.options.source?.rabbitmq ?? (() => collectRabbitmq(this.connector as RabbitmqConnector)))();
        requests = raw.requests;
      }
      ts = raw.ts;
      entities = this.derive(raw);
    } catch (e) {
      raw = null;
      this.errors++;
      error = e instanceof Error ? e.message : String(e);
      if (error !== this.loggedError) logger.warn({ connection: this.id, err: error }, 'sampler tick failed');
      this.loggedError = error;
    }
    if (!error && this.loggedError !== null) {
      logger.info({ connection: this.id }, 'sampler recovered');
      this.loggedError = null;
    }
    this.ticks++;
    this.totalBrokerRequests += requests;
    const tick: LiveTick = { connection: this.id, ts, durationMs: Math.round(performance.now() - started), brokerRequests: requests, error, entities };
    this.lastTick = tick;
    if (!error) await this.writeHistory(ts, entities);
    if (this.publish) {
      await this.publish(tick, raw === null ? null : toWire(raw)).catch((e: unknown) => logger.warn({ connection: this.id, err: e instanceof Error ? e.message : e }, 'publishing the tick to the other replicas failed'));
    }
    this.emit(tick);
  }

  /**
   * A tick the sampling replica read (this one follows): the same figures are derived from its raw reading, so
   * lag status, rates and time to drain agree across replicas, and the window is warm if this one takes over.
   * Nothing is written to history: the leader did.
   */
  async mirror(tick: LiveTick, wire: unknown): Promise<void> {
    if (wire !== null) {
      let entities: Entity[];
      try {
        entities = this.derive(fromWire(this.connector.config.kind, wire));
      } catch (e) {
        logger.warn({ connection: this.id, err: e instanceof Error ? e.message : e }, 'a mirrored tick could not be read');
        return;
      }
      const history = await this.options.history?.catch(() => null);
      history?.observe(this.id, toSamples(tick.ts, entities));
    }
    this.ticks++;
    this.lastTick = tick;
    this.emit(tick);
  }

  private derive(raw: KafkaRaw | RabbitmqRaw): Entity[] {
    if ('topics' in raw) {
      this.kafkaWindow.push(raw);
      while (this.kafkaWindow.length > (this.options.windowSamples ?? DEFAULT_WINDOW_SAMPLES)) this.kafkaWindow.shift();
      this.kafka = deriveKafka(this.kafkaWindow, this.lastCommitAt);
      return kafkaEntities(this.kafka);
    }
    this.rabbitmq = raw;
    return rabbitmqEntities(raw);
  }

  private emit(tick: LiveTick): void {
    for (const listener of [...this.observers, ...this.subscribers]) {
      try {
        listener(tick);
      } catch (e) {
        logger.warn({ connection: this.id, err: e }, 'tick listener failed');
      }
    }
  }

  private async writeHistory(ts: number, entities: Entity[]): Promise<void> {
    if (!this.options.history) return;
    try {
      const history = await this.options.history;
      await history.write(this.id, toSamples(ts, entities));
    } catch (e) {
      // Live figures still flow when the store is unavailable; the error is counted and logged.
      this.errors++;
      logger.warn({ connection: this.id, err: e instanceof Error ? e.message : e }, 'writing history failed');
    }
  }
}
