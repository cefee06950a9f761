import 'server-only';
import { z } from 'zod';
import { definitionsFileSchema } from '@/lib/contracts/rabbitmq-definitions';

/**
 * RabbitMQ's own export (GET /api/definitions[/{vhost}]) has the shape of a definitions file: the same schema
 * checks it, loosely, so the downloaded file keeps every field the broker wrote (product_name, limits, a newer
 * release's additions). An export of one vhost names no vhost on its items except policies.
 */
export const mgmtDefinitionsSchema = definitionsFileSchema;

/** Description and tags of each vhost, which the 3.10 export leaves out (tags: a list, or a string before 3.9). */
export const mgmtVhostMetaListSchema = z.array(
  z.object({
    name: z.string(),
    description: z.string().optional(),
    tags: z.union([z.array(z.string()), z.string()]).optional(),
    metadata: z.object({ description: z.string().optional(), tags: z.union([z.array(z.string()), z.string()]).optional() }).optional(),
  }),
);
