import 'server-only';
import type { z } from 'zod';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError, TimeoutError, UnreachableError } from '../http/errors';
import { encodeSegment } from '../http/text';
import { BROKER_CALL_TIMEOUT_MS } from '../http/timeout';

export type ManagementClientOptions = {
  connectionId: string;
  baseUrl: string;
  username: string;
  password: string;
};

/**
 * Path segments of the management API are percent-encoded one by one: the default vhost "/" becomes %2F. A name
 * with a lone surrogate is a 400 (encodeURIComponent's URIError answered 500).
 */
export function mgmtPath(...segments: string[]): string {
  return segments.map((s) => encodeSegment(s, 'RabbitMQ name')).join('/');
}

/** How long a call given a longer timeout waits before checking that the broker answers at all. */
const LIVENESS_AFTER_MS = 1000;

/** The RabbitMQ management HTTP API; every answer is validated with the schema the caller gives. */
export class ManagementClient {
  private readonly auth: string;
  private readonly base: string;

  constructor(private readonly options: ManagementClientOptions) {
    this.auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  async get<S extends z.ZodType>(path: string, schema: S, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<z.infer<S>> {
    return parseAnswer(path, schema, await this.request('GET', path, undefined, timeoutMs));
  }

  /** `headers`: what some calls take only as a header (X-Reason when closing a connection). */
  async send(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = BROKER_CALL_TIMEOUT_MS, headers: Record<string, string> = {}): Promise<unknown> {
    return this.request(method, path, body, timeoutMs, headers);
  }

  /**
   * A health check: RabbitMQ answers 200 {"status":"ok"} when it passes and 503 {"status":"failed","reason":...} when
   * it fails, so a 503 here is an answer, not an unreachable broker (every other status is handled as by `get`).
   */
  async check<S extends z.ZodType>(path: string, schema: S): Promise<{ passed: boolean; body: z.infer<S> }> {
    const { res, json, text } = await this.exchange('GET', path, undefined, BROKER_CALL_TIMEOUT_MS);
    if (!res.ok && res.status !== 503) this.fail(res.status, json, text, path);
    return { passed: res.ok, body: parseAnswer(path, schema, json) };
  }

  private async request(method: string, path: string, body: unknown, timeoutMs: number, extraHeaders: Record<string, string> = {}): Promise<unknown> {
    const { res, json, text } = await this.exchange(method, path, body, timeoutMs, extraHeaders);
    if (res.ok) return json;
    return this.fail(res.status, json, text, path);
  }

  private async exchange(method: string, path: string, body: unknown, timeoutMs: number, extraHeaders: Record<string, string> = {}): Promise<{ res: Response; json: unknown; text: string }> {
    const name = this.name;
    const noAnswer = (ms: number) => new TimeoutError(`${name} did not answer within ${ms} ms`);
    const abort = new AbortController();
    let hung: Error | null = null;
    // A call given more time than usual (a page of 10,000 queues takes seconds to sort) must not wait that long on a
    // broker that answers nothing at all: a cheap request alongside tells a busy broker from a hung one.
    const watch =
      timeoutMs > BROKER_CALL_TIMEOUT_MS
        ? setTimeout(() => {
            void this.alive(BROKER_CALL_TIMEOUT_MS - LIVENESS_AFTER_MS).then((problem) => {
              if (!problem || abort.signal.aborted) return;
              hung = problem;
              abort.abort(problem);
            });
          }, LIVENESS_AFTER_MS)
        : undefined;
    const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]);
    const failed = (e: unknown): Error => {
      if (hung) return hung;
      if ((e as Error)?.name === 'TimeoutError' || signal.aborted) return noAnswer(timeoutMs);
      return new UnreachableError(`${name} is unreachable: ${describeBrokerError(e)}`);
    };
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.base}/api/${path}`, {
        method,
        headers: { ...extraHeaders, authorization: this.auth, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
      });
      // The body can stall as well as the headers: the same deadline covers both.
      text = await res.text();
    } catch (e) {
      throw failed(e);
    } finally {
      clearTimeout(watch);
    }
    return { res, json: text ? safeJson(text) : undefined, text };
  }

  private fail(status: number, json: unknown, text: string, path: string): never {
    const name = this.name;
    const reason = typeof json === 'object' && json && 'reason' in json ? String((json as { reason: unknown }).reason) : text.slice(0, 200);
    if (status === 404) throw new NotFoundError(`Not found on "${this.options.connectionId}": ${reason || path}`);
    if (status === 400) throw new BadRequestError(`RabbitMQ refused the request: ${reason}`);
    // 401 also answers a user whose tags do not allow the call ("Not monitor user" for /api/nodes): that is a
    // permission, not bad credentials.
    if (status === 401 && /not (monitor|administrator|management) user/i.test(reason)) {
      throw new ForbiddenError(`${name} refused ${path.split('?')[0]}: ${reason} (the configured user lacks that RabbitMQ tag)`);
    }
    if (status === 401) throw new UnreachableError(`${name} refused the configured credentials (401)`);
    if (status === 403) throw new ApiError(403, 'FORBIDDEN', `RabbitMQ refused: ${reason || 'not authorised'}`);
    throw new UnreachableError(`${name} answered ${status}: ${reason}`);
  }

  private get name(): string {
    return `RabbitMQ management API of "${this.options.connectionId}"`;
  }

  /** Null when the API answers anything at all (any status) within `ms`, else the error to fail with. */
  private async alive(ms: number): Promise<Error | null> {
    const name = this.name;
    try {
      const res = await fetch(`${this.base}/api/whoami`, { headers: { authorization: this.auth }, signal: AbortSignal.timeout(ms), cache: 'no-store' });
      await res.body?.cancel();
      return null;
    } catch (e) {
      if ((e as Error)?.name === 'TimeoutError') return new TimeoutError(`${name} did not answer within ${LIVENESS_AFTER_MS + ms} ms (not even ${this.base}/api/whoami)`);
      return new UnreachableError(`${name} is unreachable: ${describeBrokerError(e)}`);
    }
  }
}

function parseAnswer<S extends z.ZodType>(path: string, schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(502, 'BAD_GATEWAY', `RabbitMQ management API answered ${path} with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Some error answers are plain text; callers see them as the reason.
    return text;
  }
}
