import type { Metadata } from 'next';
import { decodeSegment } from '@/components/rabbitmq/page-params';

/** "<what it shows> · <connection> · Wharf": tabs, bookmarks and the history list say which page is which. */
export function pageTitle(...parts: string[]): string {
  return [...parts, 'Wharf'].join(' · ');
}

/** generateMetadata for a page whose title is made of its (percent-decoded) route parameters. */
export function titled(parts: (p: Record<string, string>) => string[]) {
  return async ({ params }: { params: Promise<Record<string, string>> }): Promise<Metadata> => {
    const raw = await params;
    const p = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeSegment(v)]));
    return { title: pageTitle(...parts(p)) };
  };
}
