'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { topicSortKeys, type TopicListQuery, type TopicSortKey } from '@/lib/contracts/kafka';

export type TopicListParams = { q: string; regex: boolean; internal: boolean; sort: TopicSortKey; dir: 'asc' | 'desc' };

/** Search, filters and sort of the topic list live in the URL, so a view can be shared as a link. */
export function useTopicListParams() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo<TopicListParams>(() => {
    const sort = search.get('sort');
    return {
      q: search.get('q') ?? '',
      regex: search.get('regex') === 'true',
      internal: search.get('internal') === 'true',
      sort: (topicSortKeys as readonly string[]).includes(sort ?? '') ? (sort as TopicSortKey) : 'name',
      dir: search.get('dir') === 'desc' ? 'desc' : 'asc',
    };
  }, [search]);

  const update = useCallback(
    (patch: Partial<TopicListParams>) => {
      const next = { ...params, ...patch };
      const url = new URLSearchParams();
      if (next.q) url.set('q', next.q);
      if (next.regex) url.set('regex', 'true');
      if (next.internal) url.set('internal', 'true');
      if (next.sort !== 'name') url.set('sort', next.sort);
      if (next.dir !== 'asc') url.set('dir', next.dir);
      const qs = url.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );

  const query: TopicListQuery = {
    q: params.q || undefined,
    regex: params.regex ? 'true' : undefined,
    internal: params.internal ? 'true' : undefined,
    sort: params.sort,
    dir: params.dir,
  };
  return { params, update, query };
}
