import 'server-only';
import type { RouteSpec } from './routes';

/** Partition reassignment and preferred leader election. */
export const kafkaReassignmentRouteSpecs: RouteSpec[] = [];
