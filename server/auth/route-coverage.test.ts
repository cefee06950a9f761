import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeSpecs } from '../openapi/routes';

const APP_DIR = path.resolve(__dirname, '../../app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every app/**\/route.ts with the methods it exports, as OpenAPI paths ([id] -> {id}, (group) dropped). */
function routeFiles(dir: string, urlPath: string): Array<{ file: string; path: string; methods: string[] }> {
  const out: Array<{ file: string; path: string; methods: string[] }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (/^\(.+\)$/.test(entry.name)) {
        out.push(...routeFiles(full, urlPath));
        continue;
      }
      const segment = entry.name.replace(/^\[(.+)\]$/, '{$1}');
      out.push(...routeFiles(full, `${urlPath}/${segment}`));
    } else if (entry.name === 'route.ts') {
      const text = readFileSync(full, 'utf8');
      const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(text));
      out.push({ file: path.relative(APP_DIR, full), path: urlPath, methods });
    }
  }
  return out;
}

describe('route coverage', () => {
  const files = routeFiles(APP_DIR, '');

  it('finds the route files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  // The policy resolves each request through its spec; a method without one is only usable by admins (and the
  // OpenAPI document is incomplete). This fails until every exported handler is described.
  it('has a spec (method + path) for every exported handler', () => {
    const described = new Set(routeSpecs.map((s) => `${s.method.toUpperCase()} ${s.path}`));
    const missing = files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)).filter((k) => !described.has(k));
    expect(missing).toEqual([]);
  });

  it('has a handler for every spec', () => {
    const exported = new Set(files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)));
    const orphans = routeSpecs.map((s) => `${s.method.toUpperCase()} ${s.path}`).filter((k) => !exported.has(k));
    expect(orphans).toEqual([]);
  });
});
