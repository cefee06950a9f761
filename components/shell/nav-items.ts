import type { Capabilities } from '@/lib/contracts/connections';

export type NavItem = { label: string; segment: string; when: (c: Capabilities) => boolean };

/** Resources under a connection in the left navigation; shown by capability, not by kind. */
export const connectionNavItems: NavItem[] = [
  { label: 'Overview', segment: '', when: () => true },
];

export function connectionHref(id: string, segment = ''): string {
  return `/connections/${encodeURIComponent(id)}${segment ? `/${segment}` : ''}`;
}
