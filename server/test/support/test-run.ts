/** Every test database of one `npm test` run shares this prefix, so the teardown can drop them all. */
export const TEST_DB_PREFIX = 'bazaar_test_';

export function testRunId(): string {
  const id = process.env.BAZAAR_TEST_RUN_ID;
  if (!id) throw new Error('BAZAAR_TEST_RUN_ID is not set: run the tests through jest (globalSetup sets it)');
  return id;
}

export const adminUrl = () => process.env.TEST_DATABASE_ADMIN_URL ?? 'mariadb://root@127.0.0.1:3306/mysql';
