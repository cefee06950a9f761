import 'server-only';
import type { RouteSpec } from './routes';

/** Kafka routes under /api/connections/{id}/... (brokers, topics, messages). */
export const kafkaRouteSpecs: RouteSpec[] = [];
