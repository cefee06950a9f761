import 'server-only';
import { protocolErrors, protocolErrorsCodesById } from '@platformatic/kafka';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnavailableError } from '../http/errors';
import type { KafkaConnector } from './connector';

/** A broker's verdict: the protocol error id (UNKNOWN_TOPIC_OR_PARTITION, ...), its code and the words to show. */
export type BrokerVerdict = { id: string; code: number; message: string; retriable: boolean };

type ErrorLike = { apiId?: unknown; apiCode?: unknown; serverErrorMessage?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

/**
 * The broker's verdict inside a client error. @platformatic/kafka throws a ProtocolError (apiId, apiCode) for one
 * error code and a ResponseError (an AggregateError of ProtocolErrors) for an answer with several; retries wrap
 * them in MultipleErrors. The first ProtocolError found, depth first, carries the verdict.
 */
export function brokerVerdict(e: unknown): BrokerVerdict | null {
  const seen = new Set<unknown>();
  const visit = (cur: ErrorLike | undefined, depth: number): BrokerVerdict | null => {
    if (!cur || typeof cur !== 'object' || depth > 6 || seen.has(cur)) return null;
    seen.add(cur);
    if (typeof cur.apiId === 'string' && typeof cur.apiCode === 'number') {
      const def = protocolErrors[cur.apiId];
      const server = typeof cur.serverErrorMessage === 'string' && cur.serverErrorMessage ? cur.serverErrorMessage : null;
      return { id: cur.apiId, code: cur.apiCode, message: server ?? def?.message ?? cur.apiId, retriable: def?.canRetry ?? false };
    }
    for (const inner of Array.isArray(cur.errors) ? cur.errors : []) {
      const found = visit(inner as ErrorLike, depth + 1);
      if (found) return found;
    }
    return visit(cur.cause as ErrorLike | undefined, depth + 1);
  };
  return visit(e as ErrorLike, 0);
}

/** The verdict for a raw error code, for answers Wharf reads itself. */
export function verdictForCode(code: number, serverMessage: string | null = null): BrokerVerdict {
  const id = protocolErrorsCodesById[code] ?? `ERROR_${code}`;
  const def = protocolErrors[id];
  return { id, code, message: serverMessage || def?.message || id, retriable: def?.canRetry ?? false };
}

const NOT_FOUND = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID', 'GROUP_ID_NOT_FOUND', 'TRANSACTIONAL_ID_NOT_FOUND']);
const CONFLICT = new Set(['TOPIC_ALREADY_EXISTS', 'REASSIGNMENT_IN_PROGRESS', 'NON_EMPTY_GROUP', 'UNKNOWN_MEMBER_ID', 'FENCED_MEMBER_EPOCH', 'STALE_MEMBER_EPOCH']);
const FORBIDDEN = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'TOPIC_DELETION_DISABLED']);

/** A broker refusal as the API's error: the broker's own words, with the right status; anything else unchanged. */
export function apiErrorFor(v: BrokerVerdict, subject: string): ApiError {
  const message = `${subject}: ${v.message}`;
  if (NOT_FOUND.has(v.id)) return new NotFoundError(message);
  if (CONFLICT.has(v.id)) return new ConflictError(message);
  if (FORBIDDEN.has(v.id)) return new ForbiddenError(message);
  if (/^(INVALID_|POLICY_VIOLATION|MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE|UNSUPPORTED_|OFFSET_OUT_OF_RANGE)/.test(v.id)) return new BadRequestError(message);
  // A coordinator moving or loading, a leader election, a partition without a leader: the broker is busy, not the
  // request wrong, so the caller may try again.
  return new UnavailableError(`${message} (the broker is busy; try again)`);
}

/** Turns a client error holding a broker verdict into the API's error; other errors are returned as they are. */
export function toApiError(e: unknown, subject: string): unknown {
  if (e instanceof ApiError) return e;
  const v = brokerVerdict(e);
  return v ? apiErrorFor(v, subject) : e;
}

/** The broker's error for a raw error code, for requests Wharf reads itself. */
export function errorForCode(code: number, brokerMessage: string | null, subject: string): ApiError {
  return apiErrorFor(verdictForCode(code, brokerMessage), subject);
}

/** Is this the broker saying the topic (or partition) is not there, or not led where the client thought? */
export function isUnknownTopic(e: unknown): boolean {
  const v = brokerVerdict(e);
  return v?.id === 'UNKNOWN_TOPIC_OR_PARTITION' || v?.id === 'UNKNOWN_TOPIC_ID';
}

/** Every mutation goes through this: a read-only connection refuses on the server, not only in the UI. */
export function assertWritable(connector: KafkaConnector): void {
  if (connector.config.readOnly) {
    throw new ForbiddenError(`Connection "${connector.config.id}" is read-only`);
  }
}

export { describeBrokerError };
