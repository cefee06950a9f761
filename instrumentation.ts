/** Runs once when the server starts: a bad config stops startup with a message naming the file and key. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig, ConfigError } = await import('./server/config/load');
  try {
    loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`\n${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // `next build` may load this hook while it prerenders and collects page data (NEXT_PHASE says so there): a
  // build must not open the store or talk to brokers.
  const { PHASE_PRODUCTION_BUILD } = await import('next/constants');
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  // Sample from boot, not from the first viewer, so history has no gap after a restart. Not awaited: the server
  // must not wait for a slow or unreachable broker's first tick before it answers.
  const { startSamplersOnBoot } = await import('./server/sampler/registry');
  startSamplersOnBoot();
  // With replicas on PostgreSQL, this one must take over the jobs of one that died, asked or not.
  const { startJobsOnBoot } = await import('./server/jobs/runner');
  startJobsOnBoot();
}
