import type { KafkaMessage } from '@/lib/contracts/kafka-messages';

/** POSIX single-quoting: safe for any text, including quotes, $ and newlines. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function textOf(f: KafkaMessage['key']): string | null {
  if (f.encoding === 'null' || f.base64 === null) return null;
  if (f.encoding === 'binary') return null;
  return new TextDecoder().decode(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
}

/**
 * A shell command that produces the same message again with kcat. The value goes through a file,
 * which kcat sends as one message whatever bytes it holds (stdin would be split at newlines).
 * Returns null when the value was truncated and its bytes are not in the browser.
 */
export function kcatCommand(bootstrap: string, topic: string, m: KafkaMessage): string | null {
  if (m.value.truncated || m.key.truncated) return null;
  const file = '/tmp/wharf-message.bin';
  const lines: string[] = [];
  if (m.value.encoding === 'null') lines.push(`: > ${file}`);
  else if (m.value.encoding === 'binary') lines.push(`printf '%s' ${shellQuote(m.value.base64 ?? '')} | base64 -d > ${file}`);
  else lines.push(`printf '%s' ${shellQuote(textOf(m.value) ?? '')} > ${file}`);
  const args = ['kcat', '-b', shellQuote(bootstrap), '-P', '-t', shellQuote(topic), '-p', String(m.partition)];
  const key = textOf(m.key);
  if (m.key.encoding === 'binary') args.push('-k', `"$(printf '%s' ${shellQuote(m.key.base64 ?? '')} | base64 -d)"`);
  else if (key !== null) args.push('-k', shellQuote(key));
  for (const h of m.headers) {
    const v = h.value.encoding === 'binary' ? null : (textOf(h.value) ?? '');
    if (v !== null) args.push('-H', shellQuote(`${h.key}=${v}`));
  }
  // -Z turns the empty file into a NULL value: a tombstone stays a tombstone.
  if (m.value.encoding === 'null') args.push('-Z');
  args.push(file);
  lines.push(args.join(' '));
  return lines.join(' && ');
}
