import 'server-only';
import type { z } from 'zod';
import { BadRequestError, PayloadTooLargeError } from './errors';
import { findInputProblem } from './text';

/** Default ceiling on a JSON request body; produce/publish routes pass their own. */
export const MAX_BODY_BYTES = 1_048_576;

function describe(error: z.ZodError, where: string): string {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  return `${where === field ? '' : `${where} `}${field}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Parses request input with its schema. Before the schema sees it, input nested too deep or holding text without a
 * UTF-8 form (a lone surrogate) is refused with a 400 naming the field: recursive schemas would overflow the stack
 * on the first, and broker clients, URL encoding and the audit log's jsonb all fail on the second.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const problem = findInputProblem(value);
  if (problem) {
    const field = problem.path.length > 80 ? `${problem.path.slice(0, 80)}…` : problem.path;
    throw new BadRequestError(`Invalid ${where}${field ? ` ${field}` : ''}: ${problem.message}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequestError(`Invalid ${describe(result.error, where)}`);
  return result.data;
}

export async function parseParams<S extends z.ZodType>(schema: S, params: Promise<unknown>): Promise<z.infer<S>> {
  return parseWith(schema, await params, 'path parameter');
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const url = new URL(req.url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length > 1 ? all : all[0];
  }
  return parseWith(schema, query, 'query parameter');
}

export async function parseBody<S extends z.ZodType>(schema: S, req: Request, maxBytes = MAX_BODY_BYTES): Promise<z.infer<S>> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new PayloadTooLargeError(`Request body is over ${maxBytes} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PayloadTooLargeError(`Request body is over ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new BadRequestError('Request body is not valid JSON');
  }
  return parseWith(schema, json, 'body field');
}
