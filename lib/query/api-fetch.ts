import { CSRF_COOKIE, CSRF_HEADER } from '@/lib/contracts/auth';
import { apiErrorSchema } from '@/lib/contracts/error';

/** The CSRF token the server set in a readable cookie; echoed in a header on every state-changing call. */
export function csrfHeaders(method: string | undefined): Record<string, string> {
  if (typeof document === 'undefined' || !method || /^(GET|HEAD)$/i.test(method)) return {};
  const m = document.cookie.match(new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([^;]*)`));
  return m ? { [CSRF_HEADER]: decodeURIComponent(m[1]) } : {};
}

/** An API failure with the server's own message, ready to show. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...csrfHeaders(init?.method), ...init?.headers },
  });
  // A session that expired sends the browser to sign in again, then back here.
  if (res.status === 401 && typeof window !== 'undefined' && !path.startsWith('/api/auth/') && window.location.pathname !== '/login') {
    // A full page load (not the router): the signed-out app state is dropped with it.
    const login = new URL('/login', window.location.origin);
    login.searchParams.set('next', window.location.pathname + window.location.search);
    window.location.assign(login);
  }
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) throw new ApiRequestError(res.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiRequestError(res.status, 'HTTP', `Request failed with ${res.status}`);
  }
  return body as T;
}
