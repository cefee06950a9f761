import 'server-only';
import type { RouteSpec } from './routes';

/** Client quotas (user, client-id, IP). */
export const kafkaQuotaRouteSpecs: RouteSpec[] = [];
