import Link from 'next/link';
import { ApiRequestError } from '@/lib/query/api-fetch';

/** The API said 404: the thing is not there (a down broker answers 503 and is not this). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}

/**
 * What a detail page shows instead of its content and forms when what it is about does not exist (deleted since the
 * link was made, or never there), with the server's own words and a way back.
 */
export function NotFoundNotice({ error, backHref, backLabel }: { error: unknown; backHref: string; backLabel: string }) {
  return (
    <div role="alert" data-testid="not-found-notice" className="rounded-md border border-slate-300 bg-slate-50 p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
      <p className="font-medium">Not found</p>
      <p className="mt-1 break-words text-slate-600 dark:text-slate-400">{error instanceof Error ? error.message : String(error)}</p>
      <Link href={backHref} className="mt-2 inline-block underline">
        {backLabel}
      </Link>
    </div>
  );
}
