import 'server-only';
import type { RouteSpec } from './routes';

/** Consumer groups, offsets and metrics history routes. */
export const lagRouteSpecs: RouteSpec[] = [];
