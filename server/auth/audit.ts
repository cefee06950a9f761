import 'server-only';
import { logger } from '../logger';
import { AuditLog, type NewAuditEntry } from './audit-log';
import { countsFrom, queryParams, sanitizeParams, stripNul } from './audit-sanitize';
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

/** Writes the audit entry for a finished request. A store failure is logged with the entry, never lost silently. */
export async function recordAudit(req: Request, g: GuardResult, res: Response, body: unknown): Promise<void> {
  const url = new URL(req.url);
  const params: Record<string, unknown> = { ...queryParams(url) };
  if (body !== undefined) params.body = body;
  const target = Object.fromEntries(Object.entries(g.target).map(([k, v]) => [k, stripNul(v)]));
  const entry: NewAuditEntry = {
    username: stripNul(g.principal?.username ?? g.auditUser ?? 'anonymous'),
    ip: clientIp(req),
    method: req.method.toUpperCase(),
    path: url.pathname,
    route: g.spec?.path ?? null,
    connection: g.connection === null ? null : stripNul(g.connection),
    target,
    params,
    status: res.status,
    outcome: outcomeOf(res.status),
    counts: await responseCounts(res),
  };
  try {
    await new AuditLog(await getAuthDb()).append(entry);
  } catch (err) {
    logger.error({ err, audit: entry }, 'could not write the audit log; entry kept in this log line');
  }
}
