import path from 'node:path';

// PGlite allows one process per data folder: give every vitest worker its own.
const base = process.env.WHARF_DATA_DIR ?? path.resolve('.data/test');
process.env.WHARF_DATA_DIR = path.join(base, `worker-${process.env.VITEST_POOL_ID ?? process.pid}`);
