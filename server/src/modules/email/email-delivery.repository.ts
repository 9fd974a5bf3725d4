import type { Db } from '../../db/db';

/** Sent-markers for SMTP: one row per Message-ID the SMTP server accepted. */
export class EmailDeliveryRepository {
  constructor(private readonly db: Db) {}

  async wasSent(messageId: string): Promise<boolean> {
    return !!(await this.db.one('SELECT 1 AS sent FROM email_deliveries WHERE message_id = ?', [messageId]));
  }

  async markSent(messageId: string, at: Date): Promise<void> {
    await this.db.execute('INSERT IGNORE INTO email_deliveries (message_id, sent_at) VALUES (?, ?)', [messageId, at]);
  }

  async prune(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM email_deliveries WHERE sent_at < ? LIMIT 10000', [olderThan])).affectedRows;
  }
}
