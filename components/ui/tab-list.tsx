'use client';
import { useRef, type KeyboardEvent } from 'react';

export type TabItem<T extends string> = { id: T; label: string };

/**
 * Tabs as the WAI-ARIA pattern has them: one Tab stop (the selected tab), arrow keys, Home and End move and select.
 * The look is the caller's (`tabClass`), so the topic sections and the message modes keep theirs.
 */
export function TabList<T extends string>({
  label,
  tabs,
  value,
  onChange,
  className,
  tabClass,
}: {
  label: string;
  tabs: ReadonlyArray<TabItem<T>>;
  value: T;
  onChange: (id: T) => void;
  className?: string;
  tabClass: (selected: boolean) => string;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === value);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const i = (next + tabs.length) % tabs.length;
    onChange(tabs[i].id);
    refs.current[i]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={className} onKeyDown={onKeyDown}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          type="button"
          aria-selected={value === t.id}
          tabIndex={value === t.id ? 0 : -1}
          onClick={() => onChange(t.id)}
          className={tabClass(value === t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
