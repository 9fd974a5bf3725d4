import { randomBytes } from 'node:crypto';
import { canConnect, parseDatabaseUrl, waitForServer } from '../../src/db/database-target';
import { adminUrl } from './test-run';

/** Runs once before the workers start: names this run and checks that MariaDB is there. */
export default async function globalSetup() {
  process.env.BAZAAR_TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const target = parseDatabaseUrl(adminUrl());
  if (!(await canConnect(target))) await waitForServer(target, 10_000);
}
