import type { KafkaMessage } from '@/lib/contracts/kafka-messages';

/** POSIX single-quoting: safe for any text, including quotes, $ and newlines. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Bytes to pass on as they are: binary, or decoded with a schema (the JSON shown is not the bytes). */
const isBytes = (f: KafkaMessage['key']) => f.encoding === 'binary' || f.schema !== undefined;

function textOf(f: KafkaMessage['key']): string | null {
  if (f.encoding === 'null' || f.base64 === null) return null;
  if (isBytes(f)) return null;
  return new TextDecoder().decode(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
}

/** kcat's -f escapes: key, headers and value of the one message, labelled (a null key or value prints as nothing). */
const READ_FORMAT = 'Partition %p, offset %o, timestamp %T\\nKey: %k\\nHeaders: %h\\nValue: %s\\n';

/**
 * A shell command that reads this one message back with kcat (consume mode, nothing is written): -c 1 stops after
 * it, -e at the partition's end should it be gone. A binary value is printed as base64, as Wharf shows it, since raw
 * bytes would garble the terminal.
 */
export function kcatReadCommand(bootstrap: string, topic: string, m: Pick<KafkaMessage, 'partition' | 'offset' | 'value'>): string {
  const args = ['kcat', '-b', shellQuote(bootstrap), '-C', '-t', shellQuote(topic), '-p', String(m.partition), '-o', String(m.offset), '-c', '1', '-e', '-q'];
  if (isBytes(m.value)) return `${[...args, '-f', shellQuote('%s')].join(' ')} | base64`;
  return [...args, '-f', shellQuote(READ_FORMAT)].join(' ');
}

/** Both commands a message offers: read it back, and produce a copy (null when its bytes are not all in the browser). */
export function kcatCommands(bootstrap: string, topic: string, m: KafkaMessage): { read: string; produceCopy: string | null } {
  return { read: kcatReadCommand(bootstrap, topic, m), produceCopy: kcatCommand(bootstrap, topic, m) };
}

/**
 * A shell command that produces a copy of the message with kcat: running it writes a new message. The value goes through a file,
 * which kcat sends as one message whatever bytes it holds (stdin would be split at newlines).
 * Returns null when the value was truncated and its bytes are not in the browser.
 */
export function kcatCommand(bootstrap: string, topic: string, m: KafkaMessage): string | null {
  if (m.value.truncated || m.key.truncated) return null;
  const file = '/tmp/wharf-message.bin';
  const lines: string[] = [];
  if (m.value.encoding === 'null') lines.push(`: > ${file}`);
  else if (isBytes(m.value)) lines.push(`printf '%s' ${shellQuote(m.value.base64 ?? '')} | base64 -d > ${file}`);
  else lines.push(`printf '%s' ${shellQuote(textOf(m.value) ?? '')} > ${file}`);
  const args = ['kcat', '-b', shellQuote(bootstrap), '-P', '-t', shellQuote(topic), '-p', String(m.partition)];
  const key = textOf(m.key);
  if (isBytes(m.key)) args.push('-k', `"$(printf '%s' ${shellQuote(m.key.base64 ?? '')} | base64 -d)"`);
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
