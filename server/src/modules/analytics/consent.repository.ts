import type { Db, Transaction } from '../../db/db';
import { ofPerson } from './analytics.repository';

export interface ConsentRecord {
  visitorId: string;
  userId: string | null;
  analytics: boolean;
  marketing: boolean;
  policyVersion: string;
  decidedAt: Date;
}

interface ConsentRow {
  visitor_id: string;
  user_id: string | null;
  analytics: number;
  marketing: number;
  policy_version: string;
  decided_at: Date;
}

const toRecord = (r: ConsentRow): ConsentRecord => ({
  visitorId: r.visitor_id,
  userId: r.user_id,
  analytics: Boolean(r.analytics),
  marketing: Boolean(r.marketing),
  policyVersion: r.policy_version,
  decidedAt: new Date(r.decided_at),
});

/** Consent choices, one appended row per choice. */
export class ConsentRepository {
  constructor(private readonly db: Db) {}

  /** The newest choice made by this browser or by this account (whichever came last). */
  async latest(who: { visitorId?: string; userId?: string }): Promise<ConsentRecord | undefined> {
    const lookups: Promise<ConsentRow | undefined>[] = [];
    // Two index lookups rather than one OR, so each uses its own index.
    if (who.visitorId)
      lookups.push(
        this.db.one<ConsentRow & { id: number }>('SELECT * FROM consents WHERE visitor_id = ? ORDER BY id DESC LIMIT 1', [who.visitorId]),
      );
    if (who.userId)
      lookups.push(
        this.db.one<ConsentRow & { id: number }>('SELECT * FROM consents WHERE user_id = ? ORDER BY id DESC LIMIT 1', [who.userId]),
      );
    const rows = (await Promise.all(lookups)).filter((r): r is ConsentRow & { id: number } => r !== undefined);
    const newest = rows.sort((a, b) => Number(b.id) - Number(a.id))[0];
    return newest && toRecord(newest);
  }

  async append(c: ConsentRecord, tx?: Transaction): Promise<void> {
    await this.db.execute(
      'INSERT INTO consents (visitor_id, user_id, analytics, marketing, policy_version, decided_at) VALUES (?, ?, ?, ?, ?, ?)',
      [c.visitorId, c.userId, c.analytics, c.marketing, c.policyVersion, c.decidedAt],
      tx,
    );
  }

  /** Every choice recorded by an account or by the browsers it used, oldest first. */
  async historyOf(userId: string, visitorIds: string[], tx?: Transaction): Promise<ConsentRecord[]> {
    const person = ofPerson(userId, visitorIds);
    const rows = await this.db.select<ConsentRow>(`SELECT * FROM consents WHERE ${person.where} ORDER BY id`, person.params, tx);
    return rows.map(toRecord);
  }

  async deleteOf(userId: string, visitorIds: string[], tx?: Transaction): Promise<number> {
    const person = ofPerson(userId, visitorIds);
    return (await this.db.execute(`DELETE FROM consents WHERE ${person.where}`, person.params, tx)).affectedRows;
  }
}
