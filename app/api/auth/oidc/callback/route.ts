import { oidcCallback } from '@/server/auth/oidc';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async (req) => oidcCallback(req));
