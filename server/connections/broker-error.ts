import 'server-only';

const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

type ErrorLike = { message?: unknown; code?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };

function innermost(e: unknown): ErrorLike | undefined {
  let cur = e as ErrorLike | undefined;
  // Client libraries wrap the socket error in cause (fetch, @platformatic/kafka) or originalError; AggregateError
  // (the Kafka client's MultipleErrors) lists errors.
  for (let i = 0; i < 5 && cur; i++) {
    const next = (cur.originalError ?? cur.cause ?? (Array.isArray(cur.errors) ? cur.errors[0] : undefined)) as ErrorLike | undefined;
    if (!next || typeof next !== 'object') break;
    cur = next;
  }
  return cur;
}

/** Turns a client library error into one short sentence for a person (no stack, no class names). */
export function describeBrokerError(e: unknown): string {
  const inner = innermost(e);
  const code = typeof inner?.code === 'string' ? inner.code : undefined;
  const outerMessage = typeof (e as ErrorLike)?.message === 'string' ? String((e as ErrorLike).message) : '';
  const innerMessage = typeof inner?.message === 'string' ? String(inner.message) : outerMessage;
  const address = /(\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+|[\w.-]+:\d{2,5})/i.exec(innerMessage || outerMessage)?.[1];
  if (code && CODE_WORDS[code]) return address ? `${CODE_WORDS[code]} (${address})` : CODE_WORDS[code];
  const msg = (innerMessage || outerMessage || 'unknown error').replace(/^KafkaJS\w*Error:\s*/, '');
  return msg.length > 300 ? `${msg.slice(0, 297)}...` : msg;
}
