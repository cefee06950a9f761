/** Class names shared by the RabbitMQ screens (forms and tables), so they look alike. */
export const inputClass =
  'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 focus:outline-none focus:ring-2 focus:ring-sky-500';
export const buttonClass =
  'rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700 disabled:cursor-not-allowed disabled:opacity-50';
export const secondaryButtonClass =
  'rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';
export const dangerButtonClass = 'rounded bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50';
export const cardClass = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900';
export const tableClass = 'w-full text-left text-sm';
export const thClass = 'sticky top-0 bg-slate-50 px-2 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900';
export const tdClass = 'border-t border-slate-100 px-2 py-1.5 dark:border-slate-800';
