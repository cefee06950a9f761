import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const alias = {
  '@': root,
  'server-only': path.resolve(root, 'test/server-only-stub.ts'),
};
/** Integration tests read the test connections; the RabbitMQ password comes from the environment, as secrets should. */
const intEnv = { WHARF_CONFIG: path.resolve(root, 'test/wharf.test.yaml'), WHARF_TEST_RABBITMQ_PASSWORD: 'guest', WHARF_DATA_DIR: path.resolve(root, '.data/test') };
const ignored = ['node_modules/**', 'e2e/**', '.cache/**', '.data/**', '.next*/**'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...ignored, '**/*.int.test.ts', '**/*.resilience.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude: [...ignored, '**/*.serial.int.test.ts'],
          environment: 'node',
          env: intEnv,
          setupFiles: ['test/setup-int.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Tests that stop brokers or need them quiet (exact counts) run alone, after the others (see scripts/test.sh).
        resolve: { alias },
        test: {
          name: 'serial',
          include: ['**/*.serial.int.test.ts'],
          exclude: ignored,
          environment: 'node',
          fileParallelism: false,
          env: { ...intEnv, WHARF_CONFIG: path.resolve(root, 'test/wharf.serial.yaml') },
          setupFiles: ['test/setup-int.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // npm run test:resilience: a 3-node cluster losing brokers; minutes long, so not part of npm test.
        resolve: { alias },
        test: {
          name: 'resilience',
          include: ['**/*.resilience.test.ts'],
          exclude: ignored,
          environment: 'node',
          fileParallelism: false,
          env: { ...intEnv, WHARF_CONFIG: path.resolve(root, 'test/wharf.cluster.yaml') },
          setupFiles: ['test/setup-int.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
