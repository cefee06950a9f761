import 'server-only';
import { BadRequestError } from '../http/errors';

/**
 * How much backtracking a user's pattern may cause. JavaScript's engine backtracks: nested or alternating repetition
 * such as (a+)+ or (a|aa)* is exponential in the input, so it is always refused. What is left is polynomial: trying
 * every start position costs the input length, each open-ended repetition (*, +, {n,}) multiplies that by the input
 * length again (.*.*x is cubic), and each alternative (|, ?, {n,m}) by its number of choices. `budget` bounds that
 * estimate for the longest input the pattern will run on.
 */
export type RegexLimits = {
  maxLength: number;
  budget?: { input: number; steps: number };
};

type Group = { repeats: boolean; alternates: boolean; branches: number };
const ATOM = 'atom';
const QUANTIFIER = /^(?:([*+?])|\{(\d+)(,(\d*))?\})/;
const GROUP_PREFIX = /^\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/;

function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

function bounds(q: RegExpExecArray): [number, number] {
  if (q[1] === '*') return [0, Infinity];
  if (q[1] === '+') return [1, Infinity];
  if (q[1] === '?') return [0, 1];
  const min = Number(q[2]);
  if (q[3] === undefined) return [min, min];
  return [min, q[4] === '' ? Infinity : Number(q[4])];
}

/** Why a pattern could take too long on a long input, or null. Syntax errors are left to the RegExp constructor. */
export function regexRefusal(source: string, limits: RegexLimits): string | null {
  if (source.length > limits.maxLength) return `longer than ${limits.maxLength} characters`;
  const stack: Group[] = [{ repeats: false, alternates: false, branches: 1 }];
  // What a quantifier at this point repeats: a single character (class, escape), a group, or nothing.
  let last: Group | typeof ATOM | null = null;
  let unbounded = 0;
  let choices = 1;
  for (let i = 0; i < source.length; i++) {
    const top = stack[stack.length - 1];
    const ch = source[i];
    if (ch === '\\') {
      if (/[1-9]/.test(source[i + 1] ?? '') || source.startsWith('k<', i + 1)) return 'backreferences are not allowed';
      i++;
      last = ATOM;
    } else if (ch === '[') {
      i = classEnd(source, i);
      last = ATOM;
    } else if (ch === '(') {
      stack.push({ repeats: false, alternates: false, branches: 1 });
      i += GROUP_PREFIX.exec(source.slice(i + 1))?.[0].length ?? 0;
      last = null;
    } else if (ch === ')' && stack.length > 1) {
      const group = stack.pop()!;
      const parent = stack[stack.length - 1];
      parent.repeats ||= group.repeats;
      parent.alternates ||= group.alternates;
      choices *= group.branches;
      last = group;
    } else if (ch === '|') {
      top.branches++;
      top.alternates = true;
      last = null;
    } else {
      const q = last ? QUANTIFIER.exec(source.slice(i)) : null;
      if (!q || !last) {
        last = ATOM;
        continue;
      }
      const [min, max] = bounds(q);
      if (max > 1 && last !== ATOM) {
        if (last.repeats) return 'nested quantifiers such as (a+)+ are not allowed';
        if (last.alternates) return 'a repeated alternation such as (a|aa)* is not allowed (use a character class: [ab]*)';
      }
      if (max !== min) top.repeats = true;
      if (max === Infinity) unbounded++;
      else choices *= max - min + 1;
      i += q[0].length - 1;
      if (source[i + 1] === '?') i++;
      last = null;
    }
  }
  choices *= stack[0].branches;
  return limits.budget ? overBudget(unbounded, choices, limits.budget) : null;
}

function overBudget(unbounded: number, choices: number, { input, steps }: NonNullable<RegexLimits['budget']>): string | null {
  const perChoice = input ** (unbounded + 1);
  if (perChoice > steps) {
    const most = Math.max(0, Math.floor(Math.log(steps) / Math.log(input) + 1e-9) - 1);
    return `at most ${most} open-ended repetition${most === 1 ? '' : 's'} (*, +, {n,}) allowed: each one more multiplies the worst-case time by the input length`;
  }
  if (choices * perChoice > steps) {
    return `too many alternatives (|, ?, {n,m}) with ${unbounded} open-ended repetition${unbounded === 1 ? '' : 's'}: at most ${Math.floor(steps / perChoice)} combinations`;
  }
  return null;
}

/** Compiles a user's pattern after the checks above; a refusal or a syntax error is a 400 saying why. */
export function compileBoundedRegex(source: string, limits: RegexLimits, flags = ''): RegExp {
  const refusal = regexRefusal(source, limits);
  if (refusal) throw new BadRequestError(`Invalid regex: ${refusal}`);
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new BadRequestError(`Invalid regex: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : 'cannot parse'}`);
  }
}
