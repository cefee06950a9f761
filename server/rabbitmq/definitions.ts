import 'server-only';
import {
  VHOST_SCOPED_KINDS,
  type DefinitionsApplyBody,
  type DefinitionsApplyResult,
  type DefinitionsFile,
  type DefinitionsPreview,
  type DefinitionsPreviewBody,
} from '@/lib/contracts/rabbitmq-definitions';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { diffDefinitions, type Live } from './definitions-diff';
import { mgmtDefinitionsSchema, mgmtVhostMetaListSchema } from './definitions-schemas';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';

/** A whole broker's definitions (10,000 queues) take seconds to write out, and longer to import. */
const EXPORT_TIMEOUT_MS = 30_000;
const IMPORT_TIMEOUT_MS = 60_000;

const definitionsPath = (vhost: string | undefined) => (vhost === undefined ? 'definitions' : `definitions/${mgmtPath(vhost)}`);

/** The name an apply must be confirmed with: the connection's, as the connection list shows it. */
export const confirmationName = (c: RabbitmqConnector) => c.config.name ?? c.config.id;

async function brokerDefinitions(c: RabbitmqConnector, vhost: string | undefined): Promise<DefinitionsFile> {
  if (vhost === undefined) return c.management.get(definitionsPath(vhost), mgmtDefinitionsSchema, EXPORT_TIMEOUT_MS);
  try {
    return await named(`vhost "${vhost}"`, c.management.get(definitionsPath(vhost), mgmtDefinitionsSchema, EXPORT_TIMEOUT_MS));
  } catch (e) {
    // 3.10 answers an unknown vhost here with 400 vhost_not_found, not 404.
    if (e instanceof BadRequestError && /vhost_not_found/.test(e.message)) throw new NotFoundError(`vhost "${vhost}" not found`);
    throw e;
  }
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'vhost';

/** rabbitmq-definitions-<connection>-<vhost or all-vhosts>-<date>.json */
export function exportFileName(connectionId: string, vhost: string | undefined, now = new Date()): string {
  const which = vhost === undefined ? 'all-vhosts' : vhost === '/' ? 'default-vhost' : `vhost-${fileSafe(vhost)}`;
  return `rabbitmq-definitions-${fileSafe(connectionId)}-${which}-${now.toISOString().slice(0, 10)}.json`;
}

/**
 * RabbitMQ's export of all vhosts or one. Users carry their password hashes: they stay in the file only when the
 * (admin) caller asks for them; an export of one vhost has none anyway.
 */
export async function exportDefinitions(c: RabbitmqConnector, q: { vhost?: string; includeUsers?: 'true' | 'false' }): Promise<{ definitions: DefinitionsFile; fileName: string; usersLeftOut: number }> {
  const definitions = await brokerDefinitions(c, q.vhost);
  let usersLeftOut = 0;
  if (q.includeUsers !== 'true' && definitions.users) {
    usersLeftOut = definitions.users.length;
    delete definitions.users;
  }
  return { definitions, fileName: exportFileName(c.config.id, q.vhost), usersLeftOut };
}

async function liveState(c: RabbitmqConnector, vhost: string | undefined): Promise<Live> {
  if (vhost !== undefined) return { definitions: await brokerDefinitions(c, vhost) };
  const [definitions, vhosts] = await Promise.all([brokerDefinitions(c, undefined), c.management.get('vhosts?columns=name,description,tags,metadata', mgmtVhostMetaListSchema)]);
  const tags = (t: string[] | string | undefined) => (typeof t === 'string' ? t.split(',') : (t ?? []));
  const vhostMeta = new Map(vhosts.map((v) => [v.name, { description: v.description ?? v.metadata?.description ?? '', tags: tags(v.tags ?? v.metadata?.tags) }]));
  return { definitions, vhostMeta };
}

/** What the import would add, change, leave or fail on, read from the broker now; changes nothing. */
export async function previewImport(c: RabbitmqConnector, body: DefinitionsPreviewBody): Promise<DefinitionsPreview> {
  return diffDefinitions(body.definitions, await liveState(c, body.vhost), body.vhost ?? null);
}

/** An import into one vhost sends only what RabbitMQ applies there (no users, so no password hashes on the wire). */
function toSend(defs: DefinitionsFile, vhost: string | undefined): DefinitionsFile {
  if (vhost === undefined) return defs;
  const out: DefinitionsFile = {};
  for (const kind of VHOST_SCOPED_KINDS) if (defs[kind]) Object.assign(out, { [kind]: defs[kind] });
  return out;
}

const MAX_REASONS = 3;

/**
 * Imports the file (POST /api/definitions[/{vhost}]) after the connection's name is typed back. The preview is
 * computed again first: an import RabbitMQ would refuse half-way (kinds are applied in order, so the users and
 * vhosts before a bad permission would stay) is refused here, whole, with the reasons.
 */
export async function applyImport(c: RabbitmqConnector, body: DefinitionsApplyBody): Promise<DefinitionsApplyResult> {
  assertWritable(c);
  const expected = confirmationName(c);
  if (body.confirm !== expected) throw new BadRequestError(`Type the connection name "${expected}" to confirm (confirm does not match)`);
  const preview = await previewImport(c, body);
  if (preview.failures > 0) {
    const reasons = preview.kinds.flatMap((k) => k.items.filter((i) => i.status === 'fails').map((i) => `${k.kind} ${i.name}: ${i.reason}`));
    const more = reasons.length > MAX_REASONS ? ` (and ${reasons.length - MAX_REASONS} more)` : '';
    throw new ConflictError(`RabbitMQ would refuse this import, nothing was applied: ${reasons.slice(0, MAX_REASONS).join('; ')}${more}`);
  }
  const what = body.vhost === undefined ? 'definitions' : `vhost "${body.vhost}"`;
  await named(what, c.management.send('POST', definitionsPath(body.vhost), toSend(body.definitions, body.vhost), IMPORT_TIMEOUT_MS));
  const { vhost, added, changed, conflicts, skipped, failures, unchanged, notRemoved, ignored } = preview;
  return { ok: true, vhost, added, changed, conflicts, skipped, failures, unchanged, notRemoved, ignored };
}
