import 'server-only';
import { Environment } from '@marcbachmann/cel-js';
import { BadRequestError } from '../http/errors';

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

export type CompiledFilter = {
  expression: string;
  /** True when the message matches; an expression that fails on one message (e.g. a missing key) does not match it. */
  matches(context: Record<string, unknown>): boolean;
};

/** "Unexpected token: EOF\n\n>    1 | a +\n        ^" -> { reason, column } */
function describeCelError(message: string): { reason: string; column: number | null } {
  const [reason, , source, caret] = message.split('\n');
  const bar = source?.indexOf('| ') ?? -1;
  const at = caret?.indexOf('^') ?? -1;
  return { reason: reason ?? message, column: bar >= 0 && at >= 0 ? at - (bar + 2) + 1 : null };
}

export function compileFilter(expression: string, variables: FilterVariables): CompiledFilter {
  const trimmed = expression.trim();
  if (!trimmed) throw new BadRequestError('Invalid filter: the expression is empty');
  if (trimmed.length > MAX_FILTER_LENGTH) throw new BadRequestError(`Invalid filter: longer than ${MAX_FILTER_LENGTH} characters`);
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false, limits: LIMITS });
  for (const [name, type] of Object.entries(variables)) env.registerVariable(name, type);
  let program: (ctx: Record<string, unknown>) => unknown;
  try {
    program = env.parse(trimmed);
    const check = env.check(trimmed);
    if (!check.valid) throw check.error;
    if (check.type !== 'bool' && check.type !== 'dyn') {
      throw new Error(`the expression gives ${check.type}, not bool\n\n>    1 | ${trimmed}\n         ^`);
    }
  } catch (e) {
    const { reason, column } = describeCelError(e instanceof Error ? e.message : String(e));
    throw new BadRequestError(`Invalid filter${column ? ` at column ${column}` : ''}: ${reason}`);
  }
  return {
    expression: trimmed,
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
