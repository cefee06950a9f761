import 'server-only';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  definitionsApplyBodySchema,
  definitionsApplyResponseSchema,
  definitionsExportQuerySchema,
  definitionsExportSchema,
  definitionsPreviewBodySchema,
  definitionsPreviewSchema,
} from '@/lib/contracts/rabbitmq-definitions';
import type { RouteSpec } from './routes';

const tag = 'rabbitmq';
const path = '/api/connections/{id}/rabbitmq/definitions';
const params = connectionIdParamsSchema;

/** RabbitMQ definitions: export, and import with a preview. Admin only: they hold users, policies and every object. */
export const rabbitmqDefinitionsRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path,
    tag,
    summary:
      "Download RabbitMQ's definitions (GET /api/definitions, or /api/definitions/{vhost} with vhost) as a JSON file. Users and their password hashes are left out unless includeUsers=true",
    params,
    query: definitionsExportQuerySchema,
    response: definitionsExportSchema,
    produces: 'application/json',
    permission: 'admin',
    // A copy of everything the broker defines (password hashes on request) leaving it: who took one is on record.
    audit: true,
  },
  {
    method: 'post',
    path: `${path}/preview`,
    tag,
    summary:
      'What importing a definitions file would do, per kind: added, changed (field by field), in conflict (a queue or exchange that exists with other properties is kept as it is), skipped, failing, unchanged, and what the broker has that the file lacks (an import never removes). Reads the broker and changes nothing; a POST because the file is the body',
    params,
    body: definitionsPreviewBodySchema,
    response: definitionsPreviewSchema,
    permission: 'admin',
  },
  {
    method: 'post',
    path,
    tag,
    summary:
      'Import a definitions file (POST /api/definitions, or /api/definitions/{vhost} with vhost); confirm repeats the connection name. Refused whole (409) when the preview finds items RabbitMQ would refuse. Answers the counts of the preview it applied',
    params,
    body: definitionsApplyBodySchema,
    response: definitionsApplyResponseSchema,
    permission: 'admin',
  },
];
