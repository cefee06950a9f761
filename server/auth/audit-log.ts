import 'server-only';
import { auditEntrySchema, type AuditEntry, type AuditQuery } from '@/lib/contracts/auth';
import type { SqlDriver } from '../store/driver';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

function toEntry(row: Record<string, unknown>): AuditEntry {
  return auditEntrySchema.parse({
    ...row,
    id: Number(row.id),
    at: row.at instanceof Date ? row.at.toISOString() : new Date(String(row.at)).toISOString(),
  });
}

/** Append-only audit log in the store. */
export class AuditLog {
  constructor(private readonly db: SqlDriver) {}

  /** Writes an entry; answers its id. */
  async append(e: NewAuditEntry): Promise<number> {
    const rows = await this.db.query<{ id: unknown }>(
      `INSERT INTO wharf_audit (at, username, ip, method, path, route, connection, target, params, status, outcome, counts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12::jsonb) RETURNING id`,
      [
        (e.at ?? new Date()).toISOString(),
        e.username,
        e.ip,
        e.method,
        e.path,
        e.route,
        e.connection,
        JSON.stringify(e.target),
        JSON.stringify(e.params),
        e.status,
        e.outcome,
        JSON.stringify(e.counts),
      ],
    );
    return Number(rows[0]?.id);
  }

  /** Completes an entry written before the request ran: its answer, outcome and counts. */
  async complete(id: number, e: Pick<AuditEntry, 'username' | 'status' | 'outcome' | 'counts'>): Promise<void> {
    await this.db.query(`UPDATE wharf_audit SET username = $2, status = $3, outcome = $4, counts = $5::jsonb WHERE id = $1`, [id, e.username, e.status, e.outcome, JSON.stringify(e.counts)]);
  }

  /** Newest first. Every filter is a bound parameter; `q` is a plain substring (no pattern characters). */
  async query(f: Omit<AuditQuery, 'format'>): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.username) add('username = ?', f.username);
    if (f.connection) add('connection = ?', f.connection);
    if (f.method) add('method = ?', f.method);
    if (f.outcome) add('outcome = ?', f.outcome);
    if (f.q) add("strpos(lower(path), lower(?)) > 0", f.q);
    if (f.from) add('at >= ?', new Date(f.from).toISOString());
    if (f.to) add('at <= ?', new Date(f.to).toISOString());
    params.push(f.limit);
    const rows = await this.db.query(
      `SELECT id, at, username, ip, method, path, route, connection, target, params, status, outcome, counts FROM wharf_audit
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }
}
