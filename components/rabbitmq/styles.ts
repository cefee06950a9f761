/** The RabbitMQ screens' names for the shared class names in components/ui/styles. */
import { card, td } from '@/components/ui/styles';

export {
  btnPrimary as buttonClass,
  btn as secondaryButtonClass,
  btnDanger as dangerButtonClass,
  input as inputClass,
  table as tableClass,
  th as thClass,
} from '@/components/ui/styles';

export const cardClass = `${card} p-4`;
export const tdClass = `${td} border-t border-slate-100 dark:border-slate-800`;
