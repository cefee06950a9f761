import { ApiRequestError } from '@/lib/query/api-fetch';
import { ErrorNotice } from '@/components/ui/error-notice';

/** A cluster without share groups is not a failure: say why there is nothing to show, and how to get it. */
export function ShareGroupsError({ error, title }: { error: unknown; title: string }) {
  if (error instanceof ApiRequestError && error.status === 501) {
    return (
      <div role="status" data-testid="share-groups-unsupported" className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
        <p className="font-medium">No share groups on this cluster</p>
        <p className="mt-1 break-words">{error.message}</p>
      </div>
    );
  }
  return <ErrorNotice error={error} title={title} />;
}
