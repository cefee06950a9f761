import 'server-only';
import { BadRequestError } from './errors';

/**
 * In a `u` regex a surrogate pair is one code point (an astral character), so `\p{Cs}` matches only an unpaired
 * (lone) surrogate: text that has no UTF-8 form. encodeURIComponent throws URIError on it, Buffer.from(.., 'utf8')
 * silently turns it into U+FFFD, and PostgreSQL's jsonb refuses the `\ud800` escape JSON.stringify writes for it.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** The text with each lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for it). */
export function wellFormed(s: string): string {
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\uFFFD') : s;
}

export const NOT_WELL_FORMED = 'not well-formed text (it holds a lone UTF-16 surrogate, which has no UTF-8 form)';

/**
 * encodeURIComponent for a name that came from a request: a lone surrogate is the caller's mistake (400 naming
 * `what`), not a URIError that answers 500.
 */
export function encodeSegment(s: string, what: string): string {
  if (hasLoneSurrogate(s)) throw new BadRequestError(`Invalid ${what}: ${NOT_WELL_FORMED}`);
  return encodeURIComponent(s);
}

/** Deepest nesting of objects and arrays a request may send (bodies, and anything else parsed from a request). */
export const MAX_INPUT_DEPTH = 64;

export type InputProblem = { path: string; message: string };

/**
 * The first problem no schema should have to meet, found without recursion (a 5,000-deep body overflowed the
 * stack of the recursive header schema): nesting deeper than `maxDepth`, or a key or string that is not
 * well-formed text. Null when there is none.
 */
export function findInputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  // Each node points at its parent: the path is only spelled out for the one that is reported.
  type Node = { v: unknown; key: string | null; parent: Node | null; depth: number };
  const pathOf = (n: Node | null, last?: string): string => {
    const parts: string[] = last === undefined ? [] : [last];
    for (let cur = n; cur && cur.key !== null; cur = cur.parent) parts.unshift(cur.key);
    return parts.join('.');
  };
  const stack: Node[] = [{ v: value, key: null, parent: null, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.v;
    if (typeof v === 'string') {
      if (hasLoneSurrogate(v)) return { path: pathOf(node), message: NOT_WELL_FORMED };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= maxDepth) return { path: pathOf(node), message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: String(i), parent: node, depth: node.depth + 1 });
      continue;
    }
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      if (hasLoneSurrogate(k)) return { path: pathOf(node, wellFormed(k)), message: `key ${NOT_WELL_FORMED}` };
      stack.push({ v: child, key: k, parent: node, depth: node.depth + 1 });
    }
  }
  return null;
}
