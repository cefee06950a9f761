import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const alias = {
  '@': root,
  'server-only': path.resolve(root, 'test/server-only-stub.ts'),
};
/**
 * The Kafka the tests run against: test/wharf.*.yaml and the test helpers read WHARF_TEST_KAFKA, and so do the CLI
 * tools behind scripts/kafka.sh. Kafka 4.4 (`scripts/kafka.sh start`) by default; the int-kafka39 project runs the
 * Kafka integration tests again on Kafka 3.9.1 (`scripts/brokers.sh start --kafka39`). WHARF_TEST_KAFKA_VERSION says
 * which release is behind it, for the tests that check what the broker reports.
 */
const kafka44 = { WHARF_TEST_KAFKA: '127.0.0.1:9092', WHARF_TEST_KAFKA_VERSION: '4.4' };
/** KAFKA_VERSION: the CLI tools the tests run through scripts/kafka.sh are 3.9.1's too (4.4's misname 3.9 features). */
const KAFKA39 = { WHARF_TEST_KAFKA: '127.0.0.1:9592', WHARF_TEST_KAFKA_VERSION: '3.9', KAFKA_VERSION: '3.9.1' };
/** Integration tests read the test connections; the RabbitMQ password comes from the environment, as secrets should. */
const intEnv = {
  WHARF_CONFIG: path.resolve(root, 'test/wharf.test.yaml'),
  WHARF_TEST_RABBITMQ_PASSWORD: 'guest',
  WHARF_DATA_DIR: path.resolve(root, '.data/test'),
  ...kafka44,
};
const ignored = ['node_modules/**', 'e2e/**', '.cache/**', '.data/**', '.next*/**', '**/*.replicas.test.ts'];
/** The Kafka integration tests (topics, messages, groups, offsets, purge, replay, sampler) that also run on Kafka 3.9. */
const kafkaInt = ['server/kafka/**/*.int.test.ts', 'server/sampler/**/*.int.test.ts', 'server/jobs/*replay*.int.test.ts', 'server/jobs/rabbitmq-jobs.int.test.ts', 'test/kafka-target.int.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // kafka44: scripts/start.test.ts reads test/wharf.test.yaml, which names the broker through WHARF_TEST_KAFKA.
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...ignored, '**/*.int.test.ts', '**/*.resilience.test.ts'], environment: 'node', env: kafka44 },
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
        // The same Kafka tests against a Kafka 3.9.1 node of their own (scripts/test.sh runs this project after int).
        resolve: { alias },
        test: {
          name: 'int-kafka39',
          include: kafkaInt,
          // The 10-minute steady-traffic lag test runs once, on Kafka 4.4: it checks the rules, not the release.
          exclude: [...ignored, '**/*.serial.int.test.ts', 'server/sampler/lag-steady.int.test.ts'],
          environment: 'node',
          env: { ...intEnv, ...KAFKA39, WHARF_DATA_DIR: path.resolve(root, '.data/test-kafka39') },
          setupFiles: ['test/setup-int.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Replicas on one PostgreSQL, as built servers (`next build` first): scripts/test.sh runs this after the build.
        resolve: { alias },
        test: {
          name: 'replicas',
          include: ['test/replicas/**/*.replicas.test.ts'],
          exclude: ignored.filter((g) => g !== '**/*.replicas.test.ts'),
          environment: 'node',
          fileParallelism: false,
          env: { ...intEnv, WHARF_CONFIG: path.resolve(root, 'test/wharf.replicas.yaml') },
          testTimeout: 300_000,
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
