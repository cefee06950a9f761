import 'server-only';

/** kafkajs reports a missing topic directly or wrapped by its retrier; both mean the topic is gone. */
export function isUnknownTopic(e: unknown): boolean {
  for (let err = e as { type?: string; originalError?: unknown; retriable?: boolean } | undefined, depth = 0; err && depth < 4; depth++) {
    if (err.type === 'UNKNOWN_TOPIC_OR_PARTITION' || err.type === 'NOT_LEADER_FOR_PARTITION') return true;
    err = err.originalError as typeof err;
  }
  return /does not host this topic-partition/.test(String((e as Error)?.message));
}
