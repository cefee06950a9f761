import 'server-only';
import { errorCodes } from 'kafkajs/src/protocol/error.js';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnavailableError } from '../http/errors';
import type { KafkaConnector } from './connector';

const byCode = new Map(errorCodes.map((e) => [e.code, e]));
const retriableTypes = new Set(errorCodes.filter((e) => e.retriable).map((e) => e.type));

/** kafkajs wraps protocol errors (retrier, aggregate); the innermost one with a `type` carries the broker's verdict. */
function protocolType(e: unknown): { type: string; message: string } | null {
  let cur = e as { type?: unknown; message?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown } | undefined;
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur.type === 'string') return { type: cur.type, message: String(cur.message ?? cur.type) };
    cur = (cur.originalError ?? cur.cause ?? (Array.isArray(cur.errors) ? cur.errors[0] : undefined)) as typeof cur;
  }
  return null;
}

const NOT_FOUND = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);
const CONFLICT = new Set(['TOPIC_ALREADY_EXISTS', 'REASSIGNMENT_IN_PROGRESS']);
const FORBIDDEN = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TOPIC_DELETION_DISABLED']);

/** Turns a broker refusal into the API's error: the broker's own words, with the right status. */
export function toApiError(e: unknown, subject: string): unknown {
  if (e instanceof ApiError) return e;
  const p = protocolType(e);
  if (!p) return e;
  const message = `${subject}: ${p.message}`;
  if (NOT_FOUND.has(p.type)) return new NotFoundError(message);
  if (CONFLICT.has(p.type)) return new ConflictError(message);
  if (FORBIDDEN.has(p.type)) return new ForbiddenError(message);
  if (/^(INVALID_|POLICY_VIOLATION|MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE|UNSUPPORTED_)/.test(p.type)) return new BadRequestError(message);
  // Still failing after kafkajs's own retries (a coordinator moving or loading, a leader election): the broker is
  // busy, not the request wrong, so the caller may try again.
  if (retriableTypes.has(p.type)) return new UnavailableError(`${message} (the broker is busy; try again)`);
  return e;
}

/** The broker's error for a raw error code, for requests Wharf encodes itself. */
export function errorForCode(code: number, brokerMessage: string | null, subject: string): ApiError | Error {
  const known = byCode.get(code);
  const type = known?.type ?? `ERROR_${code}`;
  return toApiError({ type, message: brokerMessage || known?.message || describeBrokerError(type) }, subject) as ApiError | Error;
}

/** Every mutation goes through this: a read-only connection refuses on the server, not only in the UI. */
export function assertWritable(connector: KafkaConnector): void {
  if (connector.config.readOnly) {
    throw new ForbiddenError(`Connection "${connector.config.id}" is read-only`);
  }
}
