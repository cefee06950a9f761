import type { BrokerConfigSource } from '@/lib/contracts/broker-configs';

export const SOURCE_LABEL: Record<BrokerConfigSource, string> = {
  broker: 'broker override',
  'cluster-default': 'cluster default',
  static: 'server.properties',
  default: 'Kafka default',
  logger: 'logger',
  other: 'other',
};

const tone: Record<BrokerConfigSource, string> = {
  broker: 'bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-300',
  'cluster-default': 'bg-violet-100 text-violet-800 dark:bg-violet-900/50 dark:text-violet-300',
  static: 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300',
  default: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
  logger: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
  other: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
};

export function SourceBadge({ source }: { source: BrokerConfigSource }) {
  return <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs ${tone[source]}`}>{SOURCE_LABEL[source]}</span>;
}

export function ConfigValue({ value, sensitive }: { value: string | null; sensitive: boolean }) {
  if (sensitive) return <span className="text-slate-400">•••••• (sensitive)</span>;
  if (value === null) return <span className="text-slate-400">null</span>;
  if (value === '') return <span className="text-slate-400">(empty)</span>;
  return <span className="break-all font-mono">{value}</span>;
}
