import 'server-only';
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { BadRequestError } from '../http/errors';
import { compileBoundedRegex, type RegexLimits } from './regex-safety';
import { requiredStrings } from './required-strings';

/** CEL is not Turing-complete; these bound what one expression may cost to parse and evaluate. */
export const MAX_FILTER_LENGTH = 2000;
const LIMITS = { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 };

export type CelType = 'int' | 'uint' | 'double' | 'string' | 'bool' | 'bytes' | 'map' | 'list' | 'dyn';
export type FilterVariables = Record<string, CelType>;

/** Variables of a Kafka message filter. Ints are BigInt, as CEL's int is 64-bit. */
export const KAFKA_FILTER_VARIABLES: FilterVariables = {
  key: 'dyn',
  value: 'dyn',
  headers: 'map',
  partition: 'int',
  offset: 'int',
  timestamp: 'int',
  size: 'int',
};

/** Variables of a RabbitMQ message filter. */
export const RABBITMQ_FILTER_VARIABLES: FilterVariables = {
  value: 'dyn',
  headers: 'map',
  properties: 'map',
  routingKey: 'string',
  exchange: 'string',
  redelivered: 'bool',
  size: 'int',
};

/**
 * matches() runs over message contents, which whoever produces to a topic chooses, and JavaScript regexes backtrack
 * (no RE2 here): only the first MATCHES_MAX_INPUT characters are searched, and patterns must fit the budget of
 * server/filters/regex-safety.ts for that length, which allows one open-ended repetition (^ORD-[0-9]+$, foo.*bar).
 * Even a crafted message then costs one call a few times input² steps, not minutes.
 */
export const MATCHES_MAX_INPUT = 4096;
const MATCHES_LIMITS: RegexLimits = { maxLength: 200, budget: { input: MATCHES_MAX_INPUT, steps: 2 * MATCHES_MAX_INPUT ** 2 } };
/** Patterns computed per message (not literals) are compiled once each, up to this many per filter. */
const MAX_CACHED_PATTERNS = 64;
/** The library refuses a second string.matches overload, so matches() calls are pointed at this one instead. */
const BOUNDED_MATCHES = 'wharf_matches';

export type CompiledFilter = {
  expression: string;
  /** True when the message matches; an expression that fails on one message (e.g. a missing key) does not match it. */
  matches(context: Record<string, unknown>): boolean;
  /**
   * Strings a message's `value` must hold somewhere inside it (as a parsed JSON map or list) for the expression to
   * be true (see required-strings.ts): lets a scan pass over a message without parsing it. Empty when none is known.
   */
  valueMustHold?: readonly string[];
};

/** "Unexpected token: EOF\n\n>    1 | a +\n        ^" -> { reason, column } */
function describeCelError(message: string): { reason: string; column: number | null } {
  const [reason, , source, caret] = message.replaceAll(BOUNDED_MATCHES, 'matches').split('\n');
  const bar = source?.indexOf('| ') ?? -1;
  const at = caret?.indexOf('^') ?? -1;
  return { reason: reason ?? message, column: bar >= 0 && at >= 0 ? at - (bar + 2) + 1 : null };
}

function isAstNode(v: unknown): v is ASTNode {
  return typeof v === 'object' && v !== null && 'op' in v && 'args' in v;
}

/**
 * Points every matches() call at the bounded one and compiles its pattern when it is a literal, so a refused pattern
 * is a 400 now rather than a filter that silently matches nothing.
 */
function boundMatchesCalls(node: unknown, patterns: Map<string, RegExp>): void {
  if (Array.isArray(node)) {
    for (const n of node) boundMatchesCalls(n, patterns);
    return;
  }
  if (!isAstNode(node) || node.op === 'value') return;
  if (node.op === 'rcall' && (node.args[0] === 'matches' || node.args[0] === BOUNDED_MATCHES) && node.args[2].length === 1) {
    const pattern = node.args[2][0];
    if (pattern.op === 'value' && typeof pattern.args === 'string') {
      try {
        patterns.set(pattern.args, compileBoundedRegex(pattern.args, MATCHES_LIMITS));
      } catch (e) {
        if (!(e instanceof BadRequestError)) throw e;
        throw new BadRequestError(`Invalid filter at column ${pattern.start + 1}: matches() refuses this pattern: ${e.message.replace(/^Invalid regex: /, '')}`);
      }
    }
    // Renamed before type-checking, which is when the library binds a call to its overload.
    (node.args as unknown as unknown[])[0] = BOUNDED_MATCHES;
  }
  boundMatchesCalls(node.args, patterns);
}

function boundedMatches(patterns: Map<string, RegExp>): (s: string, pattern: string) => boolean {
  return (s, pattern) => {
    let re = patterns.get(pattern);
    if (!re) {
      // A refused pattern throws: that message does not match, like any other per-message evaluation error.
      re = compileBoundedRegex(pattern, MATCHES_LIMITS);
      if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
      patterns.set(pattern, re);
    }
    return re.test(s.length > MATCHES_MAX_INPUT ? s.slice(0, MATCHES_MAX_INPUT) : s);
  };
}

export function compileFilter(expression: string, variables: FilterVariables): CompiledFilter {
  const trimmed = expression.trim();
  if (!trimmed) throw new BadRequestError('Invalid filter: the expression is empty');
  if (trimmed.length > MAX_FILTER_LENGTH) throw new BadRequestError(`Invalid filter: longer than ${MAX_FILTER_LENGTH} characters`);
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false, limits: LIMITS });
  for (const [name, type] of Object.entries(variables)) env.registerVariable(name, type);
  const patterns = new Map<string, RegExp>();
  env.registerFunction(`string.${BOUNDED_MATCHES}(string): bool`, boundedMatches(patterns));
  let program: (ctx: Record<string, unknown>) => unknown;
  let valueMustHold: string[] = [];
  try {
    const parsed = env.parse(trimmed);
    boundMatchesCalls(parsed.ast, patterns);
    // The parsed tree itself is checked, so evaluation uses the calls as renamed above.
    const check = parsed.check();
    if (!check.valid) throw check.error;
    program = parsed;
    if ('value' in variables) valueMustHold = [...new Set(requiredStrings(parsed.ast, 'value'))];
    if (check.type !== 'bool' && check.type !== 'dyn') {
      throw new Error(`the expression gives ${check.type}, not bool\n\n>    1 | ${trimmed}\n         ^`);
    }
  } catch (e) {
    if (e instanceof BadRequestError) throw e;
    const { reason, column } = describeCelError(e instanceof Error ? e.message : String(e));
    throw new BadRequestError(`Invalid filter${column ? ` at column ${column}` : ''}: ${reason}`);
  }
  return {
    expression: trimmed,
    valueMustHold,
    matches(context) {
      try {
        return program(context) === true;
      } catch {
        // Per-message evaluation errors (no such key, wrong type in this message) mean "no match", as in a WHERE clause.
        return false;
      }
    },
  };
}
