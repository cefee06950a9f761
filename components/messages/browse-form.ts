import type { StartMode } from '@/lib/contracts/kafka-messages';
import type { DecodeMode } from '@/lib/contracts/messages';

export type BrowseMode = 'browse' | 'scan' | 'tail';

export type BrowseForm = {
  partitions: string;
  from: StartMode;
  offset: string;
  /** A datetime-local value, read as local time. */
  time: string;
  limit: number;
  order: 'asc' | 'desc';
  keyMode: DecodeMode;
  valueMode: DecodeMode;
  filter: string;
  maxScanned: number;
  /** Read to the high watermark, aborted and open transactions included (isolation=read_uncommitted). */
  uncommitted: boolean;
};

export const defaultForm: BrowseForm = {
  partitions: '',
  from: 'latest',
  offset: '0',
  time: '',
  limit: 100,
  order: 'desc',
  keyMode: 'auto',
  valueMode: 'auto',
  filter: '',
  maxScanned: 1_000_000,
  uncommitted: false,
};

/** The URL parameter of the "show uncommitted" switch, with the API's own value. */
export const ISOLATION_PARAM = 'isolation';
export const UNCOMMITTED = 'read_uncommitted';

/** The API query for the form; scan and tail add their own fields. */
export function toQuery(form: BrowseForm, mode: BrowseMode): URLSearchParams {
  const q = new URLSearchParams();
  const parts = form.partitions.replace(/\s+/g, '');
  if (parts) q.set('partitions', parts);
  q.set('keyMode', form.keyMode);
  q.set('valueMode', form.valueMode);
  if (form.uncommitted) q.set(ISOLATION_PARAM, UNCOMMITTED);
  if (mode !== 'tail') {
    q.set('from', form.from);
    if (form.from === 'offset') q.set('offset', form.offset);
    if (form.from === 'timestamp') q.set('timestamp', String(form.time ? new Date(form.time).getTime() : Date.now()));
  }
  if (mode === 'browse') {
    q.set('limit', String(form.limit));
    q.set('order', form.order);
  } else {
    q.set('mode', mode);
    if (form.filter.trim()) q.set('filter', form.filter.trim());
    if (mode === 'scan') {
      q.set('maxScanned', String(form.maxScanned));
      q.set('maxMatches', String(Math.max(form.limit, 1)));
    }
  }
  return q;
}
