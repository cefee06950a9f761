import 'server-only';
import { z } from 'zod';
import { apiErrorSchema } from '@/lib/contracts/error';
import { routeSpecs, type RouteSpec } from './routes';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, obj] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!obj) continue;
    for (const [name, field] of Object.entries(obj.shape)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        schema: schemaOf(field as z.ZodType, 'input'),
      });
    }
  }
  return out;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: schemaOf(apiErrorSchema, 'output') } } });

export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routeSpecs) {
    paths[spec.path] ??= {};
    paths[spec.path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parametersOf(spec),
      ...(spec.body && { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } }),
      responses: {
        200: { description: 'OK', content: { [spec.produces ?? 'application/json']: { schema: schemaOf(spec.response, 'output') } } },
        400: errorResponse('Invalid parameters or body; the message names the field'),
        ...(spec.permission !== 'public' && { 401: errorResponse('Not signed in (login is configured)') }),
        403: errorResponse('Missing permission (the message names the role needed on the connection), read-only connection, or CSRF check failed'),
        404: errorResponse('Unknown connection or resource'),
        503: errorResponse('The broker did not answer; the message names the connection'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Wharf API', version, description: 'Manage and monitor Kafka and RabbitMQ. Errors share one shape: { error: { code, message } }.' },
    paths,
  };
}
