'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { connectionHref } from '@/components/shell/nav-items';
import { MessageBrowser } from '@/components/messages/message-browser';
import { metricsRangeSchema, type MetricsRange } from '@/lib/contracts/metrics';
import { formatBytes, formatCount } from '@/lib/format';
import { useConnectionQuery } from '@/lib/query/connections';
import { useTopicQuery } from '@/lib/query/kafka-topics';
import { ReplayDialog } from '@/components/jobs/replay-dialog';
import { AddPartitionsDialog } from './add-partitions-dialog';
import { DeleteTopicDialog } from './delete-topic-dialog';
import { PartitionsTable } from './partitions-table';
import { PurgeDialog } from './purge-dialog';
import { btn, btnDanger, card } from '@/components/ui/styles';
import { TabList } from '@/components/ui/tab-list';
import { TopicCharts } from './topic-charts';
import { TopicConfigsPanel } from './topic-configs-panel';
import { TopicConsumerGroups } from './topic-consumer-groups';
import { TransactionsProducers } from './transactions-producers';
import { formatTopicLag } from './format-topic-consumers';

const tabs = [
  { id: 'messages', label: 'Messages' },
  { id: 'partitions', label: 'Partitions' },
  { id: 'consumer-groups', label: 'Consumer groups' },
  { id: 'producers', label: 'Producers' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'configs', label: 'Configs' },
] as const;
type Tab = (typeof tabs)[number]['id'];

export function TopicView({ conn, topic }: { conn: string; topic: string }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab: Tab = (tabs.find((t) => t.id === search.get('tab'))?.id ?? 'messages') as Tab;
  const { data, error } = useTopicQuery(conn, topic);
  const connection = useConnectionQuery(conn).data;
  const can = connection?.capabilities;
  const canMutate = can?.mutations ?? false;
  const canAdminister = can?.administration ?? false;
  const [dialog, setDialog] = useState<'delete' | 'partitions' | 'replay' | 'purge' | null>(null);
  const range = metricsRangeSchema.catch('5m').parse(search.get('range') ?? '5m');
  // replaceState updates useSearchParams without a navigation, so switching range refetches only the charts.
  const setRange = (r: MetricsRange) => window.history.replaceState(null, '', `${pathname}?${new URLSearchParams({ tab, range: r })}`);

  if (isNotFound(error)) {
    // No tabs: each would ask the broker about a topic that is not there, and offer its forms.
    return (
      <div className="flex min-h-0 flex-col">
        <PageHeader title={topic} />
        <NotFoundNotice error={error} backHref={connectionHref(conn, 'topics')} backLabel="Back to topics" />
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-col">
      <PageHeader
        title={topic}
        subtitle={
          <Link href={connectionHref(conn, 'topics')} className="hover:underline">
            ← Topics
          </Link>
        }
        actions={
          data && (
            <>
              {/* A read-only topic can still be the source of a replay into a writable target. */}
              {can?.jobs && (
                <button type="button" className={btn} onClick={() => setDialog('replay')}>
                  Replay
                </button>
              )}
              {canMutate && (
                <button type="button" className={btn} onClick={() => setDialog('purge')}>
                  Purge
                </button>
              )}
              {canAdminister && (
                <>
                  <button type="button" className={btn} onClick={() => setDialog('partitions')}>
                    Add partitions
                  </button>
                  <button type="button" className={btnDanger} onClick={() => setDialog('delete')}>
                    Delete topic
                  </button>
                </>
              )}
            </>
          )
        }
      />
      {error && <ErrorNotice error={error} title="Could not load this topic" />}
      {data && (
        <dl className={`${card} mb-4 grid grid-cols-4 gap-4 p-4 lg:grid-cols-8`}>
          <Stat label="Partitions" value={formatCount(data.partitions)} testId="topic-partitions" />
          <Stat label="Replication" value={formatCount(data.replicationFactor)} />
          <Stat label="Messages" value={formatCount(data.messages)} testId="topic-messages" />
          <Stat label="Size on disk" value={formatBytes(data.sizeBytes)} />
          <Stat label="Under-replicated" value={formatCount(data.underReplicated)} />
          <Stat label="Offline" value={formatCount(data.offline)} />
          <Stat label="Consumer groups" value={formatCount(data.groups)} testId="topic-group-count" />
          <Stat label="Consumer lag" value={formatTopicLag(data)} testId="topic-consumer-lag" />
        </dl>
      )}
      {/* A tab is a history entry: Back returns to the section before. */}
      <TabList
        label="Topic sections"
        tabs={tabs}
        value={tab}
        onChange={(id) => router.push(`${pathname}?tab=${id}`, { scroll: false })}
        className="mb-3 flex gap-1 border-b border-slate-200 dark:border-slate-800"
        tabClass={(on) => `-mb-px border-b-2 px-3 py-1.5 text-sm ${on ? 'border-sky-600 font-medium text-slate-900 dark:text-slate-100' : 'border-transparent text-slate-500'}`}
      />
      {tab === 'messages' && data && can && !can.messageContents && (
        <p role="note" className="text-sm text-slate-600 dark:text-slate-400">
          Your role on this connection shows metadata only; reading message contents needs the reader role.
        </p>
      )}
      {tab === 'messages' && data && can?.messageContents && (
        <MessageBrowser conn={conn} topic={topic} partitionCount={data.partitions} canProduce={canMutate} canReplay={can.jobs} bootstrap={connection?.target.split(',')[0] ?? null} />
      )}
      {tab === 'partitions' && data && <PartitionsTable partitions={data.partitionList} />}
      {tab === 'consumer-groups' && <TopicConsumerGroups conn={conn} topic={topic} />}
      {tab === 'producers' && <TransactionsProducers conn={conn} topic={topic} />}
      {tab === 'metrics' && <TopicCharts conn={conn} topic={topic} range={range} onRange={setRange} />}
      {tab === 'configs' && <TopicConfigsPanel conn={conn} topic={topic} canEdit={canAdminister} />}
      {dialog === 'delete' && data && <DeleteTopicDialog conn={conn} topic={data} onClose={() => setDialog(null)} />}
      {dialog === 'partitions' && data && <AddPartitionsDialog conn={conn} topic={topic} current={data.partitions} onClose={() => setDialog(null)} />}
      {dialog === 'replay' && <ReplayDialog connection={conn} topic={topic} onClose={() => setDialog(null)} />}
      {dialog === 'purge' && <PurgeDialog connection={conn} topic={topic} onClose={() => setDialog(null)} />}
    </div>
  );
}
