import 'server-only';
import { z } from 'zod';
import { BadRequestError } from '../../http/errors';

/**
 * A cursor is where a read stopped, per partition. `newer`: read from these offsets on.
 * `older`: read the messages before these offsets (exclusive). Opaque to clients (base64url JSON).
 */
export type Cursor = { dir: 'newer' | 'older'; positions: Map<number, number> };

const cursorSchema = z.object({
  d: z.enum(['newer', 'older']),
  p: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(100_000),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ d: cursor.dir, p: [...cursor.positions].sort((a, b) => a[0] - b[0]) })).toString('base64url');
}

export function decodeCursor(token: string): Cursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('Invalid cursor: not one this server returned');
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new BadRequestError('Invalid cursor: not one this server returned');
  return { dir: parsed.data.d, positions: new Map(parsed.data.p) };
}
