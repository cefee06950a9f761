'use client';
import { DepthRateCharts } from './depth-rate-charts';

/** Whole-broker figures over time: the sampler's connection-level sums over every queue it reads. */
export function RabbitOverviewCharts({ conn }: { conn: string }) {
  return (
    <DepthRateCharts
      conn={conn}
      kind="connection"
      entity="*"
      subject="this broker"
      titles={{ depth: 'Queued messages', rates: 'Queue message rates' }}
      publishLabel="Into queues"
      testIds={{ depth: 'rabbit-queued-chart', rates: 'rabbit-rates-chart' }}
      detail="summed over all queues; a message routed to three queues counts three times"
    />
  );
}
