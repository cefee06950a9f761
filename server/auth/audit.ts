import 'server-only';
import { UnavailableError } from '../http/errors';
import type { StreamEnd } from '../http/sse';
import { describeBrokerError } from '../connections/broker-error';
import { logger } from '../logger';
import { AuditLog, type NewAuditEntry } from './audit-log';
import { countsFrom, queryParams, sanitizeParams, storable, storableJson } from './audit-sanitize';
import type { GuardResult } from './guard';
import { getAuthDb } from './store-schema';

/** Bodies above this are not parsed for the audit log (they are payloads, not parameters). */
const MAX_AUDIT_BODY = 64 * 1024;
const MAX_AUDIT_RESPONSE = 1024 * 1024;

/** Reads at most `max` bytes of a body copy; null when it is bigger or not there. */
async function readBounded(body: ReadableStream<Uint8Array> | null, max: number): Promise<string | null> {
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        // Not awaited: cancelling one branch of a tee'd body settles only once the handler's branch is done too.
        void reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    // The client went away mid-body: the handler will see the same and fail; the audit records no parameters.
    return null;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A copy of the request's JSON body, taken before the handler consumes it; payload fields and secrets removed. */
export async function captureBodyParams(req: Request): Promise<unknown> {
  if (req.body === null) return undefined;
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_AUDIT_BODY) return '[body too large]';
  const text = await readBounded(req.clone().body, MAX_AUDIT_BODY);
  if (text === null) return '[body too large]';
  if (!text) return undefined;
  try {
    return sanitizeParams(JSON.parse(text));
  } catch {
    return '[not JSON]';
  }
}

async function responseCounts(res: Response): Promise<Record<string, number>> {
  const type = res.headers.get('content-type') ?? '';
  // Never read a stream (server-sent events): it would wait for the whole operation.
  if (!type.includes('application/json') || res.status >= 400) return {};
  const text = await readBounded(res.clone().body, MAX_AUDIT_RESPONSE);
  if (!text) return {};
  try {
    return countsFrom(JSON.parse(text));
  } catch {
    return {};
  }
}

/** The client address: the last X-Forwarded-For hop is the one the Next server itself added (or our proxy). */
export function clientIp(req: Request): string | null {
  const xff = req.headers.get('x-forwarded-for');
  const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last ?? req.headers.get('x-real-ip') ?? null;
}

export function outcomeOf(status: number): NewAuditEntry['outcome'] {
  if (status === 401 || status === 403) return 'denied';
  return status < 400 ? 'ok' : 'error';
}

/** Who the entry names; a sign-in names the username it tried (set by the handler, so read again at the end). */
function usernameOf(g: GuardResult): string {
  return storable(g.principal?.username ?? g.auditUser ?? 'anonymous');
}

/** The entry for a request, without its answer yet; every string made storable (NUL, lone surrogates). */
function entryFor(req: Request, g: GuardResult, body: unknown): Omit<NewAuditEntry, 'status' | 'outcome' | 'counts'> {
  const url = new URL(req.url);
  const params: Record<string, unknown> = { ...queryParams(url) };
  if (body !== undefined) params.body = body;
  const ip = clientIp(req);
  return {
    username: usernameOf(g),
    ip: ip === null ? null : storable(ip),
    method: storable(req.method.toUpperCase()),
    path: storable(url.pathname),
    route: g.spec?.path ?? null,
    connection: g.connection === null ? null : storable(g.connection),
    target: storableJson(Object.fromEntries(Object.entries(g.target).map(([k, v]) => [k, storable(v)]))),
    params: storableJson(params),
  };
}

/** Writes the audit entry for a request answered without running its handler (a refusal). Never throws. */
export async function recordAudit(req: Request, g: GuardResult, res: Response, body: unknown): Promise<void> {
  const entry: NewAuditEntry = { ...entryFor(req, g, body), status: res.status, outcome: outcomeOf(res.status), counts: storableJson(await responseCounts(res)) };
  try {
    await new AuditLog(await getAuthDb()).append(entry);
  } catch (err) {
    logger.error({ err, audit: entry }, 'could not write the audit log; entry kept in this log line');
  }
}

/**
 * An audit entry written before the request runs, completed once it is answered (and, for a stream, once the stream
 * ends). Until then it reads "interrupted" with status 0: what stays if the server dies mid-request.
 */
export class OpenAudit {
  private final = false;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly log: AuditLog,
    private readonly id: number,
    private readonly entry: NewAuditEntry,
    private readonly g: GuardResult,
  ) {}

  /**
   * Writes the entry before the handler may change anything. When the store refuses it, the request is refused
   * too (503): no change is carried out without its audit entry.
   */
  static async begin(req: Request, g: GuardResult, body: unknown): Promise<OpenAudit> {
    const entry: NewAuditEntry = { ...entryFor(req, g, body), status: 0, outcome: 'interrupted', counts: {} };
    try {
      const log = new AuditLog(await getAuthDb());
      return new OpenAudit(log, await log.append(entry), entry, g);
    } catch (err) {
      logger.error({ err, audit: entry }, 'could not write the audit log; the request was refused');
      throw new UnavailableError(`The audit log cannot be written, so the request was not carried out: ${describeBrokerError(err)}`);
    }
  }

  /** The handler answered. A stream under way keeps "interrupted" (status 200) until `streamEnded` says how it ended. */
  async answered(res: Response, streaming: boolean): Promise<void> {
    if (this.final) return this.chain;
    if (streaming && res.status < 400) return this.complete(res.status, 'interrupted', {});
    this.final = true;
    const counts = await responseCounts(res);
    return this.complete(res.status, outcomeOf(res.status), counts);
  }

  /** The stream ended: completed, failed or cut, with the counts it last reported. */
  streamEnded(end: StreamEnd): Promise<void> {
    this.final = true;
    const outcome = end.how === 'interrupted' ? 'interrupted' : outcomeOf(end.status);
    return this.complete(end.status, outcome, countsFrom(end.last));
  }

  /** Updates run one after another, in the order they were asked for. */
  private complete(status: number, outcome: NewAuditEntry['outcome'], counts: Record<string, number>): Promise<void> {
    const done = { username: usernameOf(this.g), status, outcome, counts: storableJson(counts) };
    this.chain = this.chain
      .then(() => this.log.complete(this.id, done))
      .catch((err: unknown) => logger.error({ err, audit: { ...this.entry, ...done } }, 'could not complete the audit entry; its outcome is kept in this log line'));
    return this.chain;
  }
}

export type JobEnd = {
  id: string;
  kind: string;
  createdBy: string;
  connection: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  /** The HTTP status of the error that ended it (503 for an unreachable broker), 200 otherwise. */
  httpStatus: number;
  counts: Record<string, number>;
};

const JOB_OUTCOME = { succeeded: 'ok', failed: 'error', cancelled: 'cancelled' } as const;

/**
 * The end of a job, as an entry of its own (method JOB): the request that started it was answered long before, so
 * its entry cannot say how the job ended. Never throws: a job's end is also in the job record.
 */
export async function recordJobEnd(j: JobEnd): Promise<void> {
  const entry: NewAuditEntry = {
    username: storable(j.createdBy),
    ip: null,
    method: 'JOB',
    path: `/api/jobs/${j.id}`,
    route: '/api/jobs/{jobId}',
    connection: storable(j.connection),
    target: { job: j.id, kind: j.kind },
    params: {},
    status: j.httpStatus,
    outcome: JOB_OUTCOME[j.status],
    counts: storableJson(j.counts),
  };
  try {
    await new AuditLog(await getAuthDb()).append(entry);
  } catch (err) {
    logger.error({ err, audit: entry }, 'could not write the audit entry of a job end; entry kept in this log line');
  }
}
