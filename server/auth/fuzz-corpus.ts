/**
 * Test support for fuzz.int.test.ts: the corpus of malformed requests over every operation of /api/openapi.json,
 * built deterministically from the document and a seed. Pure (no server modules): cases are data.
 */

export type Operation = {
  method: string;
  /** OpenAPI path template, e.g. /api/connections/{id}/topics/{topic}. */
  path: string;
  tags: string[];
  pathParams: string[];
  queryParams: string[];
  /** Top-level fields of the JSON body, when the operation takes one. */
  bodyFields: string[] | null;
};

export type FuzzCase = {
  /** The class of defect this case probes. */
  kind: string;
  op: Operation;
  /** The request path exactly as it goes on the wire (percent-encoded; malformed on purpose in some cases). */
  rawPath: string;
  /** Route params as Next hands them to the handler (decoded); may hold what no URL can (lone surrogates). */
  params: Record<string, string>;
  /** Raw query string (without "?"), as it goes on the wire. */
  query: string;
  body?: string | Uint8Array;
  /** Cookie and CSRF header replacements (a forged or broken session). */
  session?: { cookie?: string; csrf?: string };
  /** Only meaningful in-process: the params cannot be sent over HTTP (Next could never hand them over). */
  inProcessOnly?: boolean;
  /** What the answer must be, beyond "no 5xx, the error shape, the security headers". */
  expect?: {
    status: number;
    code: string;
    message?: RegExp;
    /** A 400 refusing some other field (validated before the connection is looked up) is right too. */
    unlessRefused?: boolean;
  };
};

type OpenApiDoc = { paths: Record<string, Record<string, { tags?: string[]; parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };

/** Sign-out would end the session the fuzzer uses. */
const SKIPPED = new Set(['POST /api/auth/logout']);

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, m] of Object.entries(methods)) {
      const op = {
        method: method.toUpperCase(),
        path,
        tags: m.tags ?? [],
        pathParams: (m.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (m.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: m.requestBody ? Object.keys(m.requestBody.content?.['application/json']?.schema?.properties ?? {}) : null,
      };
      if (!SKIPPED.has(`${op.method} ${op.path}`)) ops.push(op);
    }
  }
  return ops;
}

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** Percent sequences decodeURIComponent refuses: bad hex, cut sequences, overlong forms, surrogates, past U+10FFFF. */
export const MALFORMED_PERCENT = ['%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%80', 'a%2', '%F4%90%80%80'];

export const NASTY_STRINGS = [
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'a'.repeat(300),
  'x'.repeat(5000),
  '💥'.repeat(20),
  "'; DROP TABLE wharf_audit; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '{}',
  '[]',
  'null',
  '\\',
  '/',
  '%2F',
  '%E0%A4%A',
  'a b',
  'UPPER',
];

/** Values of the wrong type for any field: no field takes all of them. */
const WRONG_TYPES: unknown[] = [123, -1, 1.5, 2 ** 53 + 2, -0, 1.7976931348623157e308, true, false, null, [], [1, 'a'], {}, { a: 1 }, '', 'x', '-1', '1e309'];

const DEPTH = 5000;
const deepArray = (n = DEPTH) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const deepObject = (n = DEPTH) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** The Next route params for an operation: real connections, object names that exist nowhere (nothing is changed). */
export function baseParams(op: Operation, i: number): Record<string, string> {
  const rabbit = op.tags.includes('rabbitmq') || /\/(overview|vhosts|exchanges|queues|bindings)(\/|$)/.test(op.path);
  return {
    id: rabbit ? 'local-rabbitmq' : 'local-kafka',
    // Every object name starts with wharf-fuzz-: nothing that belongs to anyone else is touched.
    vhost: '/',
    name: `wharf-fuzz-q${i}`,
    topic: `wharf-fuzz-t${i}`,
    group: `wharf-fuzz-g${i}`,
    username: `wharf-fuzz-u${i}`,
    jobId: `wharf-fuzz-j${i}`,
    // A broker no cluster here has: a config change reaches no broker.
    broker: '999999',
  };
}

/** A path with its params filled in; `raw` replaces one segment's wire form as it is. */
export function pathWith(op: Operation, params: Record<string, string>, raw?: { index: number; text: string }): string {
  const segments = op.path.split('/').map((seg) => {
    const m = /^\{(.+)\}$/.exec(seg);
    // A URL cannot carry a lone surrogate: it goes out as U+FFFD, as a browser sends it.
    return m ? encodeURIComponent(params[m[1]].replace(/\p{Cs}/gu, '\uFFFD')) : seg;
  });
  if (raw) segments[raw.index] = raw.text;
  return segments.join('/');
}

const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

/** A JSON body with one top-level field set to `value` (raw JSON text), on an otherwise empty object. */
const withField = (field: string, json: string) => `{${JSON.stringify(field)}:${json}}`;

/** Every class of bad input for every operation, in a fixed order. */
export function buildCorpus(ops: Operation[], seed: number, randomCases: number): FuzzCase[] {
  const r = rng(seed);
  const out: FuzzCase[] = [];
  let n = 0;
  const add = (c: Omit<FuzzCase, 'params' | 'rawPath' | 'query'> & Partial<Pick<FuzzCase, 'params' | 'rawPath' | 'query'>>) => {
    const params = c.params ?? baseParams(c.op, n);
    out.push({ ...c, params, rawPath: c.rawPath ?? pathWith(c.op, params), query: c.query ?? '' });
    n++;
  };

  for (const op of ops) {
    const segments = op.path.split('/');
    // 1. Malformed percent-encoding in each path segment, literal or parameter: the proxy answers 400.
    segments.forEach((seg, index) => {
      if (index === 0) return;
      for (const bad of MALFORMED_PERCENT) {
        const text = /^\{.+\}$/.test(seg) ? bad : `${seg}${bad}`;
        add({ kind: 'percent-encoding', op, rawPath: pathWith(op, baseParams(op, n), { index, text }), expect: { status: 400, code: 'BAD_REQUEST' } });
      }
    });

    // 2. Lone surrogates: in params (only in-process: no URL carries one), queries, JSON bodies escaped and as raw bytes.
    for (const p of op.pathParams) {
      for (const s of ['x\ud800y', '\udfff', 'a\ud83d']) {
        const params = { ...baseParams(op, n), [p]: p === 'id' ? s : `wharf-fuzz-${s}` };
        add({ kind: 'surrogate-param', op, params, inProcessOnly: true });
      }
    }
    for (const q of [...op.queryParams, 'filter']) {
      add({ kind: 'surrogate-query', op, query: `${encodeURIComponent(q)}=a%ED%A0%80b` });
    }
    if (op.bodyFields !== null) {
      for (const f of [...op.bodyFields, 'name']) {
        add({ kind: 'surrogate-body', op, body: withField(f, JSON.stringify('a\ud800b')) });
        add({ kind: 'surrogate-body', op, body: withField(f, JSON.stringify(['ok', { k: '\udc00' }])) });
        add({ kind: 'surrogate-body', op, body: Buffer.concat([Buffer.from(`{${JSON.stringify(f)}:"a`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]) });
      }
      add({ kind: 'surrogate-body', op, body: `{"\\ud800":1,${JSON.stringify(op.bodyFields[0] ?? 'x')}:"\\udfff"}` });
      // CESU-8 and overlong UTF-8 bytes, and a lone continuation byte.
      add({ kind: 'surrogate-body', op, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x80, 0xed, 0xb0, 0x80, 0x22, 0x7d]) });

      // 3. Deep nesting: 5,000 levels at the top and under each field (the recursive header schema overflowed).
      add({ kind: 'deep', op, body: deepArray() });
      add({ kind: 'deep', op, body: deepObject() });
      for (const f of op.bodyFields) {
        add({ kind: 'deep', op, body: withField(f, deepArray()) });
        add({ kind: 'deep', op, body: withField(f, `{"h":${deepObject()}}`) });
      }
      if (op.bodyFields.includes('headers')) {
        for (const depth of [17, 20, 63, 64, 65]) add({ kind: 'deep', op, body: `{"payload":"x","headers":{"h":${deepArray(depth)}}}` });
      }

      // 4. Oversized: strings of 100,000 characters in each field, a body over the 1 MB limit.
      for (const f of op.bodyFields) add({ kind: 'oversize', op, body: withField(f, JSON.stringify('x'.repeat(100_000))) });
      add({ kind: 'oversize', op, body: `{"payload":"${'x'.repeat(2_200_000)}"}` });
      add({ kind: 'oversize', op, body: `[${Array.from({ length: 100_000 }, () => '0').join(',')}]` });

      // 5. Wrong types in each field.
      for (const f of op.bodyFields) for (const v of WRONG_TYPES) add({ kind: 'wrong-type', op, body: withField(f, JSON.stringify(v)) });
      for (const raw of ['{', '{"a":', 'not json', '[1,2', '\u0000', '{"a":1}}', '', 'null', '1', '"x"', '[]']) add({ kind: 'wrong-type', op, body: raw });
    }
    for (const p of op.pathParams) {
      add({ kind: 'oversize', op, params: { ...baseParams(op, n), [p]: `wharf-fuzz-${'x'.repeat(10_000)}` } });
    }
    for (const q of op.queryParams) {
      add({ kind: 'oversize', op, query: qs({ [q]: 'x'.repeat(10_000) }) });
      for (const v of ['-1', '1e309', 'NaN', '0x10', '99999999999999999999', 'true', '[]', '{}', '']) add({ kind: 'wrong-type', op, query: qs({ [q]: v }) });
      add({ kind: 'wrong-type', op, query: `${qs({ [q]: '1' })}&${qs({ [q]: '2' })}` });
    }

    // 6. Unknown connection ids: 404, and no unhandled rejection behind it.
    // Ids of the right form that name no connection are 404 (unless another field is refused first); ids of the
    // wrong form are a 400 naming the id.
    if (op.pathParams.includes('id')) {
      for (const id of ['wharf-fuzz-no-such-connection', 'local-kafka-2', 'x']) {
        add({ kind: 'unknown-id', op, params: { ...baseParams(op, n), id }, expect: { status: 404, code: 'NOT_FOUND', unlessRefused: true } });
      }
      for (const id of ['LOCAL-KAFKA', 'local-kafka ', '💥', '-', 'a'.repeat(300)]) {
        add({ kind: 'unknown-id', op, params: { ...baseParams(op, n), id }, expect: { status: 400, code: 'BAD_REQUEST', message: /path parameter id/ } });
      }
    }
  }

  // 7. Paths no route serves (404) and methods a path does not take (405): Next answered these with HTML or nothing.
  const methodsOf = new Map<string, Set<string>>();
  for (const op of ops) methodsOf.set(op.path, (methodsOf.get(op.path) ?? new Set()).add(op.method));
  for (const [path, methods] of methodsOf) {
    const op = ops.find((o) => o.path === path)!;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.has(m))) {
      add({ kind: 'unknown-route', op: { ...op, method }, body: method === 'GET' ? undefined : '{}', expect: { status: 405, code: 'METHOD_NOT_ALLOWED' } });
    }
    const unknown = { ...op, path: `/api/wharf-fuzz-nope${path.slice('/api'.length)}` };
    add({ kind: 'unknown-route', op: unknown, expect: { status: 404, code: 'NOT_FOUND' } });
  }
  add({ kind: 'unknown-route', op: { ...ops[0], method: 'GET', path: '/api', pathParams: [] }, expect: { status: 404, code: 'NOT_FOUND' } });

  // 8. Random mixes over random operations, and broken sessions (the old fuzz, kept).
  for (let i = 0; i < randomCases; i++) {
    const op = pick(r, ops);
    const params = baseParams(op, n);
    if (r() < 0.2) params.id = pick(r, NASTY_STRINGS);
    params.name = `wharf-fuzz-${pick(r, NASTY_STRINGS)}`;
    params.topic = r() < 0.5 ? `wharf-fuzz-${i}` : `wharf-fuzz-${pick(r, NASTY_STRINGS)}`;
    params.group = `wharf-fuzz-${pick(r, NASTY_STRINGS)}`;
    params.jobId = pick(r, NASTY_STRINGS);
    const query: Record<string, string> = {};
    for (let q = Math.floor(r() * 4); q > 0; q--) query[pick(r, [...op.queryParams, 'limit', 'offset', 'filter', 'confirm'])] = String(nastyValue(r)).slice(0, 3000);
    const session = r() < 0.1 ? (r() < 0.5 ? { cookie: `wharf-session=${encodeURIComponent(pick(r, NASTY_STRINGS))}` } : { csrf: encodeURIComponent(pick(r, NASTY_STRINGS)) }) : undefined;
    add({ kind: session ? 'session' : 'random', op, params, query: qs(query), session, ...(op.method === 'GET' ? {} : { body: JSON.stringify(nastyBody(r)) }) });
  }
  return out;
}

function nastyValue(r: () => number): unknown {
  const kind = Math.floor(r() * 8);
  if (kind === 0) return pick(r, NASTY_STRINGS);
  if (kind === 1) return Math.floor(r() * 2 ** 53) * (r() < 0.5 ? -1 : 1);
  if (kind === 2) return r() < 0.5 ? null : true;
  if (kind === 3) return [pick(r, NASTY_STRINGS), 1, null];
  if (kind === 4) return { [pick(r, NASTY_STRINGS)]: pick(r, NASTY_STRINGS) };
  if (kind === 5) return 1.5;
  if (kind === 6) return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  return pick(r, NASTY_STRINGS);
}

/** A body no route accepts as a change: names always carry the wharf-fuzz- prefix, so nothing real is created. */
function nastyBody(r: () => number): unknown {
  const kind = Math.floor(r() * 5);
  const name = () => `wharf-fuzz-${pick(r, NASTY_STRINGS)}`;
  if (kind === 0) return nastyValue(r);
  if (kind === 1) return { name: name(), partitions: nastyValue(r), vhost: nastyValue(r) };
  if (kind === 2) return { username: name(), password: nastyValue(r) };
  if (kind === 3) return Array.from({ length: 50 }, () => nastyValue(r));
  return { count: nastyValue(r), offset: nastyValue(r), filter: pick(r, ['1 +', 'value.a.b', '(((1)))', "'x"]), toQueue: name(), destination: nastyValue(r) };
}

/** A seeded sample that keeps every class: up to `perKind` cases of each, spread over the operations. */
export function sampleCorpus(corpus: FuzzCase[], seed: number, perKind: number): FuzzCase[] {
  const r = rng(seed);
  const byKind = new Map<string, FuzzCase[]>();
  for (const c of corpus) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const out: FuzzCase[] = [];
  for (const cases of byKind.values()) {
    const shuffled = [...cases];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    out.push(...shuffled.slice(0, perKind));
  }
  return out;
}
