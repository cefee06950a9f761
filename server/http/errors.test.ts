import { describe, expect, it, vi } from 'vitest';
import * as errors from './errors';
import { toErrorResponse } from './with-api-errors';

/** A second, separate copy of the errors module, as a production build can hold (one per chunk). */
async function otherCopy(): Promise<typeof errors> {
  vi.resetModules();
  return import('./errors');
}

describe('API errors across copies of the module', () => {
  it('recognises an error made by another copy of the module as the same kind, and only that kind', async () => {
    const other = await otherCopy();
    expect(other.UnreachableError).not.toBe(errors.UnreachableError);
    const e = new other.UnreachableError('broker down');
    expect(e instanceof errors.ApiError).toBe(true);
    expect(e instanceof errors.UnreachableError).toBe(true);
    expect(e instanceof errors.NotFoundError).toBe(false);
    expect(new other.ApiError(403, 'FORBIDDEN', 'no') instanceof errors.ForbiddenError).toBe(true);
    expect(new Error('plain') instanceof errors.ApiError).toBe(false);
    expect(Object.assign(new Error('look-alike'), { status: 503, code: 'UNREACHABLE' }) instanceof errors.ApiError).toBe(false);
  });

  it('answers such an error with its own status, not a 500', async () => {
    const other = await otherCopy();
    const res = toErrorResponse(new other.UnreachableError('RabbitMQ management API of "r" is unreachable'));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'UNREACHABLE', message: 'RabbitMQ management API of "r" is unreachable' } });
  });
});
