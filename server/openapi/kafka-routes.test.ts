import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './document';

describe('Kafka routes in the OpenAPI document', () => {
  it('lists every Kafka route with its parameters', () => {
    const doc = buildOpenApiDocument('test') as { paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    const t = '/api/connections/{id}/topics/{topic}';
    const expected: [string, string][] = [
      ['/api/connections/{id}/brokers', 'get'],
      ['/api/connections/{id}/topics', 'get'],
      ['/api/connections/{id}/topics', 'post'],
      [t, 'get'],
      [t, 'delete'],
      [`${t}/consumer-groups`, 'get'],
      [`${t}/configs`, 'get'],
      [`${t}/configs`, 'patch'],
      [`${t}/partitions`, 'post'],
      [`${t}/messages`, 'get'],
      [`${t}/messages`, 'post'],
      [`${t}/messages/stream`, 'get'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths[`${t}/messages`].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['topic', 'from', 'cursor', 'limit', 'order']));
  });
});
