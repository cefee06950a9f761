import { describe, expect, it } from 'vitest';
import { isAudited, requiredPermission } from '../auth/policy';
import { buildOpenApiDocument } from './document';
import { kafkaShareTxRouteSpecs } from './kafka-share-tx-routes';

describe('share group and transaction routes', () => {
  const paths = ['/api/connections/{id}/share-groups', '/api/connections/{id}/share-groups/{group}', '/api/connections/{id}/transactions', '/api/connections/{id}/topics/{topic}/producers'];

  it('are in the OpenAPI document with their path parameters', () => {
    const doc = buildOpenApiDocument('test') as { paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    for (const path of paths) {
      const names = doc.paths[path]?.get?.parameters.map((p) => p.name) ?? [];
      expect(names, path).toEqual(expect.arrayContaining([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
    }
  });

  it('are reads a viewer may make, not audited (they show no message contents)', () => {
    expect(kafkaShareTxRouteSpecs.map((s) => s.path).sort()).toEqual([...paths].sort());
    for (const spec of kafkaShareTxRouteSpecs) {
      expect(spec.method).toBe('get');
      expect(requiredPermission(spec, 'GET', spec.path)).toBe('viewer');
      expect(isAudited(spec, 'GET', spec.path)).toBe(false);
    }
  });
});
