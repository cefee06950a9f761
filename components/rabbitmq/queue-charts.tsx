'use client';
import { queueEntityId } from '@/lib/contracts/metrics';
import { DepthRateCharts } from './depth-rate-charts';

/** One queue's depth and rates over time. */
export function QueueCharts({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  return (
    <DepthRateCharts
      conn={conn}
      kind="queue"
      entity={queueEntityId(vhost, name)}
      subject="this queue"
      titles={{ depth: 'Messages', rates: 'Message rates' }}
      publishLabel="Publish"
      testIds={{ depth: 'queue-depth-chart', rates: 'queue-rates-chart' }}
    />
  );
}
