import 'server-only';
import type { TopicRow, TopicSortKey } from '@/lib/contracts/kafka';
import { compileBoundedRegex, type RegexLimits } from '../filters/regex-safety';

export const MAX_REGEX_LENGTH = 100;

/**
 * A user's regex runs over every topic name on each request, so it is bounded (server/filters/regex-safety.ts):
 * short, no nested quantifiers like (a+)+ or repeated alternations like (a|aa)* that backtrack exponentially, no
 * backreferences. Names are at most 249 characters, so two open-ended repetitions (^team-.*-.*$) stay cheap.
 */
const TOPIC_REGEX_LIMITS: RegexLimits = { maxLength: MAX_REGEX_LENGTH, budget: { input: 249, steps: 249 ** 3 } };

export function compileTopicRegex(source: string): RegExp {
  return compileBoundedRegex(source, TOPIC_REGEX_LIMITS, 'i');
}

export type TopicSearch = { q?: string; regex?: boolean; internal?: boolean; sort?: TopicSortKey; dir?: 'asc' | 'desc' };

/** Unknown (null) numbers sort after known ones whatever the direction: unknown is not zero. */
function compare(a: TopicRow, b: TopicRow, key: TopicSortKey): number {
  if (key === 'name') return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return (a[key] ?? 0) - (b[key] ?? 0);
}

export function searchTopics(rows: TopicRow[], search: TopicSearch): { topics: TopicRow[]; total: number } {
  const visible = search.internal ? rows : rows.filter((r) => !r.internal);
  let match: (name: string) => boolean = () => true;
  const q = search.q?.trim();
  if (q) {
    if (search.regex) {
      const re = compileTopicRegex(q);
      match = (name) => re.test(name);
    } else {
      const needle = q.toLowerCase();
      match = (name) => name.toLowerCase().includes(needle);
    }
  }
  const key = search.sort ?? 'name';
  const sign = search.dir === 'desc' ? -1 : 1;
  const topics = visible
    .filter((r) => match(r.name))
    .sort((a, b) => {
      if (key !== 'name') {
        const an = a[key] === null;
        const bn = b[key] === null;
        if (an !== bn) return an ? 1 : -1;
      }
      return sign * compare(a, b, key) || (a.name < b.name ? -1 : 1);
    });
  return { topics, total: visible.length };
}
