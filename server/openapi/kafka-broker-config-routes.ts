import 'server-only';
import type { RouteSpec } from './routes';

/** Broker and cluster-wide dynamic configs. */
export const kafkaBrokerConfigRouteSpecs: RouteSpec[] = [];
