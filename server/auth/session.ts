import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { roleSchema } from '@/lib/contracts/auth';

const ISSUER = 'wharf';
const AUDIENCE = 'wharf-session';

/** What the session cookie carries. Local users' roles are looked up on each request; OIDC roles come from the token. */
export const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  src: z.enum(['config', 'store', 'oidc']),
  /** The CSRF token bound to this session; the browser echoes it in the x-wharf-csrf header. */
  csrf: z.string().min(16),
  dr: roleSchema.nullable().optional(),
  cr: z.record(z.string(), roleSchema).optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export async function createSessionToken(claims: SessionClaims, key: Uint8Array, ttlMinutes: number, now = Date.now()): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + ttlMinutes * 60)
    .sign(key);
}

/** The claims of a valid, unexpired session token; null for anything else (tampered, expired, other key). */
export async function readSessionToken(token: string, key: Uint8Array, now = Date.now()): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(now),
    });
    const parsed = sessionClaimsSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    // Invalid signature, expiry or format: the caller treats the request as signed out.
    return null;
  }
}
