import { connectToServer, parseDatabaseUrl } from '../../src/db/database-target';
import { adminUrl, TEST_DB_PREFIX, testRunId } from './test-run';

/** Drops every database this run created. */
export default async function globalTeardown() {
  const conn = await connectToServer(parseDatabaseUrl(adminUrl()));
  try {
    const rows = (await conn.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [
      `${TEST_DB_PREFIX}${testRunId()}%`,
    ])) as { name: string }[];
    for (const { name } of rows) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}
