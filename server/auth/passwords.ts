import 'server-only';
import bcrypt from 'bcryptjs';

/** bcrypt cost: about a quarter second per check on a small server, slow enough for offline guessing to hurt. */
export const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// A real hash of a random string, so an unknown user costs the same time as a wrong password (no user probing).
const DUMMY_HASH = '$2b$12$5NGSLS8MF.0xMYFtBWz9dOZTbfSN5wgQi4js2D9o0cWCwHxUD4RzS';

/** Constant-work check: always runs bcrypt, even when there is no such user. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && ok;
}
