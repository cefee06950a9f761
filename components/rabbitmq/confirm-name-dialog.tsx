'use client';
import { useState, type ReactNode } from 'react';
import { dangerButtonClass, inputClass, secondaryButtonClass } from './styles';

/** Destructive actions: says exactly what will change and asks for the target's name typed back. */
export function ConfirmNameDialog({
  title,
  name,
  children,
  actionLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  title: string;
  name: string;
  children: ReactNode;
  actionLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState('');
  return (
    <div role="dialog" aria-modal="true" aria-label={title} className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <form
        className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === name) onConfirm();
        }}
      >
        <h2 className="text-lg font-semibold">{title}</h2>
        <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>
        <label className="mt-4 block text-sm">
          Type <span className="break-all font-mono font-semibold">{name}</span> to confirm
          <input autoFocus aria-label="Type the name to confirm" className={`${inputClass} mt-1 w-full font-mono`} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={dangerButtonClass} disabled={typed !== name || pending}>
            {pending ? 'Working…' : actionLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
