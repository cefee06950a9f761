import { buildOpenApiDocument } from '@/server/openapi/document';
import { withApiErrors } from '@/server/http/with-api-errors';
import { WHARF_VERSION } from '@/server/version';

export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => Response.json(buildOpenApiDocument(WHARF_VERSION)));
