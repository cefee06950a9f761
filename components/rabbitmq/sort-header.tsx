'use client';
import type { SortDir } from './list-filter';
import { thClass } from './styles';

/** A column header that sorts its table; the state lives in the URL with the rest of the list's. */
export function SortHeader({ label, active, dir, onSort, numeric = false }: { label: string; active: boolean; dir: SortDir; onSort: () => void; numeric?: boolean }) {
  return (
    <th className={`${thClass} ${numeric ? 'text-right' : ''}`} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="uppercase hover:underline" onClick={onSort}>
        {label}
        {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}
