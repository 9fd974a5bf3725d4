import type { Connection } from 'mariadb';

/**
 * What restore asks the server, on a connection with no database selected (the database may not
 * exist yet): so raw driver statements, not `Db`, which runs inside the application's database.
 */
export class BackupRepository {
  constructor(private readonly conn: Pick<Connection, 'query'>) {}

  /** Creates the database (utf8mb4, unicode collation) unless it exists. `database` must be a checked name. */
  async createDatabaseIfMissing(database: string): Promise<void> {
    await this.conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }

  /** How many tables the database holds. */
  async countTables(database: string): Promise<number> {
    const rows = (await this.conn.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [database])) as {
      n: number | bigint;
    }[];
    return Number(rows[0]?.n ?? 0);
  }
}
