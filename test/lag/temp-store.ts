import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Points the process-wide store at a fresh PGlite folder: PGlite is single-process, and test files run in
 * parallel workers, so each gets its own. Returns the cleanup.
 */
export function useTempStoreDir(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-lag-'));
  process.env.WHARF_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  return () => rmSync(dir, { recursive: true, force: true });
}
