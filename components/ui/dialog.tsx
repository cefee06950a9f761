'use client';
import { useEffect, useRef, type ReactNode } from 'react';

const width = { md: 'max-w-lg', lg: 'max-w-2xl' } as const;

/**
 * A modal on the native <dialog>: focus moves in, the rest of the page is inert (so Tab stays inside), Escape closes
 * and the backdrop comes from the browser. React removes the element when the owner closes it, which skips the
 * browser's own focus return, so focus goes back to what had it (the button that opened the dialog) here.
 */
export function Dialog({ title, onClose, children, size = 'md', closeButton = false }: { title: string; onClose: () => void; children: ReactNode; size?: keyof typeof width; closeButton?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      className={`m-auto max-h-[90vh] w-full ${width[size]} overflow-y-auto rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100`}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h2 className="text-base font-semibold">{title}</h2>
        {closeButton && (
          <button type="button" aria-label="Close" onClick={onClose} className="rounded px-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">
            ×
          </button>
        )}
      </div>
      <div className="px-5 py-4">{children}</div>
    </dialog>
  );
}
