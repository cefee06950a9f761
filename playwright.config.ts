import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 3100);
/** Set PLAYWRIGHT_BASE_URL to test a server you already run (e.g. `next dev`); otherwise the built app is started. */
const external = process.env.PLAYWRIGHT_BASE_URL;
/** e2e/security-*.spec.ts sign in against a second server with login enabled (test/wharf.auth.yaml). */
const authPort = Number(process.env.E2E_AUTH_PORT ?? 3101);
process.env.E2E_AUTH_BASE_URL ??= `http://127.0.0.1:${authPort}`;
/** The Kafka under test: test/wharf.test.yaml and wharf.auth.yaml name it, e2e/support/kafka.ts talks to it. */
process.env.WHARF_TEST_KAFKA ??= '127.0.0.1:9092';
process.env.WHARF_TEST_KAFKA_VERSION ??= '4.4';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: external
    ? undefined
    : [{
        command: `node scripts/start.mjs --port ${port}`,
        url: `http://127.0.0.1:${port}/api/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        // The server's warnings and errors land in the test output, next to the test that met them.
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          WHARF_LOG_LEVEL: 'warn',
          WHARF_CONFIG: 'test/wharf.test.yaml',
          WHARF_TEST_RABBITMQ_PASSWORD: 'guest',
          WHARF_TEST_KAFKA: process.env.WHARF_TEST_KAFKA,
          WHARF_DATA_DIR: '.data/e2e',
          WHARF_DIST_DIR: process.env.WHARF_DIST_DIR ?? '.next',
        },
      },
      {
        command: `node scripts/start.mjs --port ${authPort}`,
        url: `http://127.0.0.1:${authPort}/api/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          WHARF_LOG_LEVEL: 'warn',
          WHARF_CONFIG: 'test/wharf.auth.yaml',
          WHARF_TEST_RABBITMQ_PASSWORD: 'guest',
          WHARF_TEST_KAFKA: process.env.WHARF_TEST_KAFKA,
          WHARF_DATA_DIR: '.data/e2e-auth',
          WHARF_DIST_DIR: process.env.WHARF_DIST_DIR ?? '.next',
        },
      }],
});
