import 'server-only';
import {
  DEFINITION_KINDS,
  MAX_LISTED_NAMES,
  VHOST_SCOPED_KINDS,
  type DefinitionKind,
  type DefinitionsFile,
  type DefinitionsPreview,
  type FieldChange,
  type ItemStatus,
  type KindPreview,
  type PreviewItem,
} from '@/lib/contracts/rabbitmq-definitions';

/**
 * What importing a definitions file would do to a broker, from the file and the broker's own export: pure, so the
 * rules below are unit-tested. They are RabbitMQ 3.10's, checked against the real broker:
 * - an import only adds and updates; what the broker has and the file lacks stays (it never deletes);
 * - users, vhosts (description, tags), permissions, parameters and policies are overwritten by the file;
 * - a queue or exchange that exists is declared again, which changes nothing: other arguments, durability or type in
 *   the file are not applied, and RabbitMQ answers success all the same;
 * - amq.* queues and exchanges, and bindings whose source or destination does not exist, are passed over silently;
 * - an item in a vhost that neither exists nor is in the file, or a permission of an unknown user, fails the import
 *   (400 no_such_vhost / no_such_user), with the kinds before it already applied.
 */

export type Live = {
  definitions: DefinitionsFile;
  /** Description and tags per vhost: the 3.10 export leaves them out, GET /api/vhosts has them. */
  vhostMeta?: Map<string, { description: string; tags: string[] }>;
};

type Entry = {
  /** Identity within its kind. */
  id: string;
  name: string;
  vhost: string | null;
  /** Compared fields; a field absent from the file is not compared (the import leaves it be). */
  fields: Record<string, unknown>;
};

/** The exchanges every vhost has, which an export leaves out. */
const STANDARD_EXCHANGES = new Set(['', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers', 'amq.match', 'amq.rabbitmq.trace']);
const SECRET_FIELDS = new Set(['password_hash', 'password']);
const HIDDEN = '(hidden)';

/** JSON with keys sorted at every level: equal values give equal text whatever the key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Credentials in URIs (shovel and federation parameters) are masked before a value is shown. */
export function maskUriCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"]*:)[^@/?#\s"]*@/gi, '$1***@');
}

const show = (v: unknown) => (v === undefined ? null : maskUriCredentials(canonical(v)));

function tagList(t: unknown): string[] {
  const list = typeof t === 'string' ? t.split(',') : Array.isArray(t) ? t.map(String) : [];
  return list.map((s) => s.trim()).filter(Boolean).sort();
}

const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Entries of one kind, vhost forced to `scope` as RabbitMQ does for an import into one vhost. */
function entriesOf(kind: DefinitionKind, defs: DefinitionsFile, scope: string | null, fromFile: boolean): Entry[] {
  const vh = (v: string | undefined) => scope ?? v ?? '';
  const id = (...parts: string[]) => JSON.stringify(parts);
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  switch (kind) {
    case 'users':
      return (defs.users ?? []).map((u) => ({
        id: id(u.name),
        name: u.name,
        vhost: null,
        fields: drop({
          tags: tagList(u.tags),
          password_hash: u.password_hash,
          // A clear-text password is hashed with a fresh salt on import: it always changes the user.
          password: fromFile && u.password !== undefined ? Symbol('new') : undefined,
          hashing_algorithm: u.password_hash !== undefined ? (u.hashing_algorithm ?? 'rabbit_password_hashing_sha256') : undefined,
          limits: u.limits,
        }),
      }));
    case 'vhosts':
      return (defs.vhosts ?? []).map((v) => {
        const description = v.description ?? v.metadata?.description;
        const tags = v.tags ?? v.metadata?.tags;
        return { id: id(v.name), name: v.name, vhost: null, fields: drop({ description, tags: tags === undefined ? undefined : tagList(tags) }) };
      });
    case 'permissions':
      return (defs.permissions ?? []).map((p) => ({ id: id(p.user, p.vhost), name: `${p.user} @ ${p.vhost}`, vhost: p.vhost, fields: { configure: p.configure, write: p.write, read: p.read } }));
    case 'topic_permissions':
      return (defs.topic_permissions ?? []).map((p) => ({
        id: id(p.user, p.vhost, p.exchange),
        name: `${p.user} @ ${p.vhost} on ${p.exchange}`,
        vhost: p.vhost,
        fields: { write: p.write, read: p.read },
      }));
    case 'parameters':
      return (defs.parameters ?? []).map((p) => ({ id: id(vh(p.vhost), p.component, p.name), name: `${p.component} / ${p.name}`, vhost: vh(p.vhost), fields: { value: p.value } }));
    case 'global_parameters':
      return (defs.global_parameters ?? []).map((p) => ({ id: id(p.name), name: p.name, vhost: null, fields: { value: p.value } }));
    case 'policies':
      return (defs.policies ?? []).map((p) => ({
        id: id(vh(p.vhost), p.name),
        name: p.name,
        vhost: vh(p.vhost),
        fields: { pattern: p.pattern, 'apply-to': p['apply-to'] ?? 'all', definition: p.definition, priority: p.priority ?? 0 },
      }));
    case 'queues':
      return (defs.queues ?? []).map((q) => ({ id: id(vh(q.vhost), q.name), name: q.name, vhost: vh(q.vhost), fields: { durable: q.durable, auto_delete: q.auto_delete, arguments: q.arguments ?? {} } }));
    case 'exchanges':
      return (defs.exchanges ?? []).map((e) => ({
        id: id(vh(e.vhost), e.name),
        name: e.name,
        vhost: vh(e.vhost),
        fields: { type: e.type, durable: e.durable, auto_delete: e.auto_delete, internal: e.internal, arguments: e.arguments ?? {} },
      }));
    case 'bindings':
      return (defs.bindings ?? []).map((b) => {
        const args = b.arguments ?? {};
        const hasArgs = Object.keys(args).length > 0;
        return {
          id: id(vh(b.vhost), b.source, b.destination_type, b.destination, b.routing_key, canonical(args)),
          name: `${b.source || '(default exchange)'} → ${b.destination_type} ${b.destination}${b.routing_key ? ` [${b.routing_key}]` : ''}${hasArgs ? ` ${canonical(args)}` : ''}`,
          vhost: vh(b.vhost),
          fields: {},
        };
      });
  }
}

/** Field-level changes; a table (arguments, a policy definition, a parameter's value) is compared key by key. */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, next] of Object.entries(after)) {
    const prev = before[field];
    if (SECRET_FIELDS.has(field)) {
      if (typeof next === 'symbol' || canonical(prev) !== canonical(next)) out.push({ field, before: prev === undefined ? null : HIDDEN, after: HIDDEN });
      continue;
    }
    if (canonical(prev) === canonical(next)) continue;
    if (isTable(prev) && isTable(next)) {
      for (const k of [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort()) {
        if (canonical(prev[k]) !== canonical(next[k])) out.push({ field: `${field}.${k}`, before: show(prev[k]), after: show(next[k]) });
      }
    } else out.push({ field, before: show(prev), after: show(next) });
  }
  return out;
}

type Context = {
  scope: string | null;
  vhosts: Set<string>;
  users: Set<string>;
  exchanges: Set<string>;
  queues: Set<string>;
};

const key2 = (vhost: string | null, name: string) => JSON.stringify([vhost ?? '', name]);

/** Why RabbitMQ would refuse or pass over an item that is not on the broker; null when it would be added. */
function obstacle(kind: DefinitionKind, e: Entry, ctx: Context, defs: DefinitionsFile, index: number): { status: ItemStatus; reason: string } | null {
  if (ctx.scope === null && e.vhost !== null && !ctx.vhosts.has(e.vhost)) {
    return { status: 'fails', reason: `will fail: vhost "${e.vhost}" does not exist and the file does not create it (RabbitMQ answers no_such_vhost)` };
  }
  if (kind === 'permissions' || kind === 'topic_permissions') {
    const user = (kind === 'permissions' ? defs.permissions : defs.topic_permissions)?.[index]?.user ?? '';
    if (!ctx.users.has(user)) return { status: 'fails', reason: `will fail: user "${user}" does not exist and the file does not create it (RabbitMQ answers no_such_user)` };
  }
  if ((kind === 'queues' || kind === 'exchanges') && e.name.startsWith('amq.')) {
    return { status: 'skipped', reason: `skipped: RabbitMQ does not import ${kind === 'queues' ? 'queues' : 'exchanges'} named amq.*` };
  }
  if (kind === 'bindings') {
    const b = defs.bindings?.[index];
    if (b) {
      const source = STANDARD_EXCHANGES.has(b.source) || ctx.exchanges.has(key2(e.vhost, b.source));
      const dest = b.destination_type === 'queue' ? ctx.queues.has(key2(e.vhost, b.destination)) : STANDARD_EXCHANGES.has(b.destination) || ctx.exchanges.has(key2(e.vhost, b.destination));
      if (!source || !dest) {
        const missing = !source ? `source exchange "${b.source}"` : `destination ${b.destination_type} "${b.destination}"`;
        return { status: 'skipped', reason: `skipped: its ${missing} exists neither on the broker nor in the file (RabbitMQ passes over it without an error)` };
      }
    }
  }
  return null;
}

function conflictReason(kind: DefinitionKind, changes: FieldChange[]): string {
  const what = kind === 'queues' ? 'queue' : 'exchange';
  const fields = [...new Set(changes.map((c) => c.field.split('.')[0]))];
  const other = fields.length === 1 && fields[0] === 'arguments' ? 'other arguments' : fields.length === 1 && fields[0] === 'type' ? 'another type' : `other ${fields.join(', ')}`;
  return `not applied: ${what} exists with ${other}; RabbitMQ keeps the existing ${what} and answers success (delete and import it again to change it)`;
}

const emptyCounts = () => ({ added: 0, changed: 0, conflicts: 0, skipped: 0, failures: 0, unchanged: 0, notRemoved: 0, ignored: 0 });
const COUNT_OF: Record<ItemStatus, keyof ReturnType<typeof emptyCounts>> = {
  added: 'added',
  changed: 'changed',
  conflict: 'conflicts',
  skipped: 'skipped',
  fails: 'failures',
  unchanged: 'unchanged',
};

/**
 * The preview of importing `file` into a broker whose export is `live`. `scope`: the vhost of an import into one
 * vhost (its items go there whatever vhost they name; users, vhosts, permissions and global parameters are ignored),
 * or null for all vhosts.
 */
export function diffDefinitions(file: DefinitionsFile, live: Live, scope: string | null): DefinitionsPreview {
  const names = (defs: DefinitionsFile, kind: 'vhosts' | 'users') => (defs[kind] ?? []).map((x) => x.name);
  const objectKeys = (kind: 'queues' | 'exchanges') => [...entriesOf(kind, live.definitions, scope, false), ...entriesOf(kind, file, scope, true)].map((e) => key2(e.vhost, e.name));
  const ctx: Context = {
    scope,
    vhosts: new Set([...names(live.definitions, 'vhosts'), ...names(file, 'vhosts'), ...(scope ? [scope] : [])]),
    users: new Set([...names(live.definitions, 'users'), ...names(file, 'users')]),
    exchanges: new Set(objectKeys('exchanges')),
    queues: new Set(objectKeys('queues')),
  };
  const totals = emptyCounts();
  const kinds: KindPreview[] = DEFINITION_KINDS.map((kind) => {
    const fileEntries = entriesOf(kind, file, scope, true);
    const counts = emptyCounts();
    const applied = scope === null || VHOST_SCOPED_KINDS.includes(kind);
    if (!applied) {
      counts.ignored = fileEntries.length;
      totals.ignored += counts.ignored;
      return { kind, ...counts, applied, items: [], unchangedNames: [], notRemovedNames: [] };
    }
    const liveEntries = entriesOf(kind, live.definitions, scope, false);
    if (kind === 'vhosts' && live.vhostMeta) {
      for (const e of liveEntries) {
        const meta = live.vhostMeta.get(e.name);
        if (meta) e.fields = { ...e.fields, description: meta.description, tags: tagList(meta.tags) };
      }
    }
    const onBroker = new Map(liveEntries.map((e) => [e.id, e]));
    const inFile = new Set<string>();
    const items: PreviewItem[] = [];
    const unchangedNames: string[] = [];
    fileEntries.forEach((e, index) => {
      inFile.add(e.id);
      const existing = onBroker.get(e.id);
      let status: ItemStatus;
      let changes: FieldChange[] = [];
      let reason: string | null = null;
      if (!existing) {
        const problem = obstacle(kind, e, ctx, file, index);
        status = problem?.status ?? 'added';
        reason = problem?.reason ?? null;
        if (!problem) changes = fieldChanges({}, e.fields);
      } else {
        changes = fieldChanges(existing.fields, e.fields);
        if (changes.length === 0) status = 'unchanged';
        else if (kind === 'queues' || kind === 'exchanges') {
          status = 'conflict';
          reason = conflictReason(kind, changes);
        } else status = 'changed';
      }
      counts[COUNT_OF[status]]++;
      if (status === 'unchanged') {
        if (unchangedNames.length < MAX_LISTED_NAMES) unchangedNames.push(label(e));
      } else items.push({ name: e.name, vhost: e.vhost, status, changes, reason });
    });
    const notRemoved = liveEntries.filter((e) => !inFile.has(e.id));
    counts.notRemoved = notRemoved.length;
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += counts[k];
    return { kind, ...counts, applied, items, unchangedNames, notRemovedNames: notRemoved.slice(0, MAX_LISTED_NAMES).map(label) };
  });
  return { vhost: scope, ...totals, kinds };
}

function label(e: Entry): string {
  return e.vhost === null || e.name.includes(` @ ${e.vhost}`) ? e.name : `${e.vhost} / ${e.name}`;
}
