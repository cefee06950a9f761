'use client';
import { KNOWN_USER_TAGS } from '@/lib/contracts/rabbitmq-access';
import { inputClass } from './styles';

/** "a, b c" -> ["a", "b", "c"]: tags are typed separated by commas or spaces. */
export function parseTagText(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The tags RabbitMQ knows as checkboxes, any others as text. */
export function UserTagsInput({ value, onChange }: { value: string[]; onChange: (tags: string[]) => void }) {
  const known: readonly string[] = KNOWN_USER_TAGS;
  const others = value.filter((t) => !known.includes(t));
  const toggle = (tag: string, on: boolean) => onChange(on ? [...value, tag] : value.filter((t) => t !== tag));
  return (
    <fieldset className="text-sm">
      <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">Tags</legend>
      <div className="flex flex-wrap gap-3">
        {KNOWN_USER_TAGS.map((t) => (
          <label key={t} className="flex items-center gap-1">
            <input type="checkbox" checked={value.includes(t)} onChange={(e) => toggle(t, e.target.checked)} /> {t}
          </label>
        ))}
      </div>
      <label className="mt-2 flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
        Other tags (comma-separated)
        <input
          aria-label="Other tags"
          className={inputClass}
          defaultValue={others.join(', ')}
          onChange={(e) => onChange([...value.filter((t) => known.includes(t)), ...parseTagText(e.target.value)])}
        />
      </label>
    </fieldset>
  );
}
