import 'server-only';
import type { RouteSpec } from './routes';

/** RabbitMQ routes under /api/connections/{id}/... (overview, vhosts, exchanges, queues, bindings). */
export const rabbitmqRouteSpecs: RouteSpec[] = [];
