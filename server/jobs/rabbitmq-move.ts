import 'server-only';
import type { RabbitmqMoveParams } from '@/lib/contracts/jobs';
import type { MoveCounts } from '@/lib/contracts/rabbitmq-messages';
import { compileFilter, RABBITMQ_FILTER_VARIABLES } from '../filters/cel';
import { ApiError, BadRequestError } from '../http/errors';
import { openDedicatedAmqp } from '../rabbitmq/amqp';
import { moveMessages } from '../rabbitmq/move';
import { checkMove, previewMove } from '../rabbitmq/move-plan';
import { writableRabbitmq } from './guards';
import type { JobHandler } from './types';

/**
 * What the broker has committed, across runs. `inFlight` is the batch whose commit was asked for and not yet
 * answered: if the job dies there, whether the broker applied it is unknown (each message is then in the source
 * or the destination, once, but it is not counted).
 */
type Checkpoint = { target: number; read: number; moved: number; skipped: number; inFlight: { moved: number; skipped: number } | null; uncounted: number };

const fresh = (): Checkpoint => ({ target: -1, read: 0, moved: 0, skipped: 0, inFlight: null, uncounted: 0 });

function describe(p: RabbitmqMoveParams): string {
  const t = p.target;
  const to = t.queue !== undefined ? `queue "${t.queue}"` : `exchange "${t.exchange || '(default)'}"`;
  return `"${p.source.queue}" to ${to} in vhost "${p.source.vhost}"`;
}

/**
 * Moves messages between queues of one connection as a job: listed, cancellable, resumable, counted. Each batch is
 * one AMQP transaction (server/rabbitmq/move.ts), so nothing is lost or duplicated; the checkpoint after each commit
 * holds what is committed, and a resumed job reads only what is left of the messages counted when it first started.
 * A dry run reads no message (reading one sets its redelivered flag): it reports the preview.
 */
export const rabbitmqMove: JobHandler<RabbitmqMoveParams> = {
  async validate(p) {
    const c = writableRabbitmq(p.source.connection, 'source of a move (its messages are removed)');
    if (p.target.connection !== p.source.connection) {
      throw new BadRequestError(`A move stays on one connection: the target connection "${p.target.connection}" is not the source's ("${p.source.connection}"); a shovel or a replay job moves messages between brokers`);
    }
    if (p.source.filter) compileFilter(p.source.filter, RABBITMQ_FILTER_VARIABLES);
    await checkMove(c, p.source.vhost, p.source.queue, p.target);
  },

  async run(ctx) {
    const { source, target, batchSize } = ctx.params;
    const c = writableRabbitmq(source.connection, 'source');
    if (ctx.dryRun) {
      const preview = await previewMove(c, source.vhost, source.queue, target, source.limit, !!source.filter);
      const routes = preview.routes === null ? 'routed per message' : preview.routes.length === 0 ? 'routed nowhere' : `routed to ${preview.routes.map((r) => `${r.destinationType} "${r.destination}"`).join(', ')}`;
      ctx.progress({ phase: 'previewed', total: preview.upTo });
      return { verified: null, details: [`would move up to ${preview.upTo} message(s) from ${describe(ctx.params)}, ${routes}; no message was read`, ...preview.notes], possibleDuplicates: 0 };
    }
    const filter = source.filter ? compileFilter(source.filter, RABBITMQ_FILTER_VARIABLES) : null;
    const destination = await checkMove(c, source.vhost, source.queue, target);
    const cp: Checkpoint = { ...fresh(), ...(ctx.resumeFrom as Partial<Checkpoint> | null) };
    if (cp.inFlight) {
      cp.uncounted += cp.inFlight.moved + cp.inFlight.skipped;
      cp.inFlight = null;
    }
    const left = cp.target < 0 ? source.limit : cp.target - cp.read;
    // Progress is what the broker committed, never what is read or published in an open transaction.
    const report = () => ctx.progress({ phase: 'moving', total: cp.target < 0 ? null : cp.target, read: cp.read, matched: cp.moved, written: cp.moved, confirmed: cp.moved, skipped: cp.skipped });
    report();
    if (left !== undefined && left <= 0) return summary(ctx.params, cp, 'nothing was left to move');

    const connection = await openDedicatedAmqp(c.config, source.vhost, `wharf-move ${source.queue}`);
    let base = { ...cp };
    let pending: Checkpoint['inFlight'] = null;
    try {
      const result = await moveMessages({
        connection,
        source: source.queue,
        ...destination,
        limit: left,
        filter,
        batchSize,
        signal: ctx.signal,
        beforeCommit: (batch) => {
          pending = batch;
          return ctx.checkpoint({ ...cp, inFlight: batch });
        },
        onProgress: async (run: MoveCounts) => {
          if (cp.target < 0) {
            cp.target = Math.min(source.limit ?? run.startLength, run.startLength);
            base = { ...cp };
          }
          Object.assign(cp, { read: base.read + run.confirmed + run.skipped, moved: base.moved + run.confirmed, skipped: base.skipped + run.skipped, inFlight: null });
          pending = null;
          report();
          await ctx.checkpoint({ ...cp });
        },
      });
      return summary(ctx.params, cp, result.status === 'cancelled' ? 'cancelled' : null);
    } catch (e) {
      throw pending ? unconfirmedCommit(e, pending) : e;
    } finally {
      await connection.close().catch(() => undefined);
    }
  },
};

/** The batch whose commit RabbitMQ never confirmed: it is applied or rolled back as a whole, which cannot be asked. */
function unconfirmedCommit(e: unknown, batch: { moved: number; skipped: number }): Error {
  const err = e instanceof ApiError ? e : new ApiError(503, 'UNREACHABLE', e instanceof Error ? e.message : String(e));
  const n = batch.moved + batch.skipped;
  return new ApiError(err.status, err.code, `${err.message}. The commit of the last batch (${batch.moved} to move, ${batch.skipped} back to the source) was not confirmed: RabbitMQ applied all of it or none, so each of its ${n} message(s) is in the source or the destination, once, but they are not counted`);
}

function summary(p: RabbitmqMoveParams, cp: Checkpoint, note: string | null) {
  const details = [`moved ${cp.moved} message(s) from ${describe(p)} in committed transactions; ${cp.skipped} not matching the filter went back to the end of the source; read ${cp.read} of the ${Math.max(cp.target, 0)} counted at start`];
  if (cp.uncounted > 0) details.push(`the batch of ${cp.uncounted} message(s) whose commit was under way when the job was interrupted is not counted: RabbitMQ either committed it (moved) or rolled it back (still in the source); no message is in both`);
  if (note) details.push(note);
  return { verified: null, details, possibleDuplicates: 0 };
}
