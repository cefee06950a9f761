'use client';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatAge, formatCount } from '@/lib/format';
import { useConnectionQuery } from '@/lib/query/connections';
import { useTopicsQuery } from '@/lib/query/kafka-topics';
import { CreateTopicDialog } from './create-topic-dialog';
import { btnPrimary, input } from '@/components/ui/styles';
import { TopicTable } from './topic-table';
import { useTopicListParams } from './use-topic-list-params';

const SEARCH_DEBOUNCE_MS = 200;

export function TopicsView({ conn }: { conn: string }) {
  const { params, update, query } = useTopicListParams();
  const [text, setText] = useState(params.q);
  const [creating, setCreating] = useState(false);
  const { data, error, isLoading, isFetching } = useTopicsQuery(conn, query);
  const connection = useConnectionQuery(conn).data;
  const canAdminister = connection?.capabilities.administration ?? false;

  useEffect(() => {
    if (text === params.q) return;
    const t = setTimeout(() => update({ q: text }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, params.q, update]);

  return (
    <>
      <PageHeader
        title="Topics"
        subtitle={
          data ? (
            <span data-testid="snapshot-age">
              {formatCount(data.topics.length)} of {formatCount(data.total)} topics · snapshot taken {formatAge(data.snapshotAt)} · lag{' '}
              {data.lagSampledAt ? `sampled ${formatAge(data.lagSampledAt)}` : 'not sampled yet'}
              {isFetching ? ' · refreshing' : ''}
              {data.staleReason && <span className="text-amber-600"> · last refresh failed: {data.staleReason}</span>}
            </span>
          ) : undefined
        }
        actions={
          canAdminister && (
            <button type="button" className={btnPrimary} onClick={() => setCreating(true)}>
              Create topic
            </button>
          )
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <input
          type="search"
          aria-label="Search topics"
          placeholder={params.regex ? 'Regular expression, e.g. ^orders\\.' : 'Search topics'}
          className={`${input} w-80 font-mono`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={params.regex} onChange={(e) => update({ regex: e.target.checked, q: text })} />
          Regex
        </label>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={params.internal} onChange={(e) => update({ internal: e.target.checked, q: text })} />
          Show internal topics
        </label>
      </div>
      {error && <ErrorNotice error={error} title="Could not load topics" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <TopicTable
          conn={conn}
          rows={data.topics}
          sort={params.sort}
          dir={params.dir}
          onSort={(key) => update({ sort: key, dir: params.sort === key && params.dir === 'asc' ? 'desc' : 'asc', q: text })}
        />
      )}
      {creating && <CreateTopicDialog conn={conn} onClose={() => setCreating(false)} />}
    </>
  );
}
