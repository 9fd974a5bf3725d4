import mariadb from 'mariadb';

/** Where the database lives, parsed from DATABASE_URL. */
export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
    throw new Error(`DATABASE_URL must name a database made of letters, digits, _ or $ (got "${database}")`);
  }
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

export const describeTarget = (t: DatabaseTarget) => `${t.host}:${t.port}`;

/** A connection to the server without selecting a database (the database may not exist yet). */
export function connectToServer(target: DatabaseTarget, connectTimeout = 2000) {
  return mariadb.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    connectTimeout,
  });
}

/** One quick attempt: does a MariaDB server answer there at all? */
export async function canConnect(target: DatabaseTarget, connectTimeout = 1000): Promise<boolean> {
  try {
    const conn = await connectToServer(target, connectTimeout);
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

const HOW_TO_GET_ONE =
  'Install a server (apt-get install mariadb-server) or start the bundled one (docker compose up -d mariadb), then set DATABASE_URL.';

/** Connect with exponential backoff (250 ms doubling, capped at 5 s) until the time budget runs out. */
export async function waitForServer(
  target: DatabaseTarget,
  timeoutMs: number,
  onRetry?: (attempt: number, delayMs: number, error: Error) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const conn = await connectToServer(target, Math.min(5000, Math.max(250, deadline - Date.now())));
      await conn.end();
      return;
    } catch (err) {
      const error = err as Error & { code?: string };
      // A refused login will not fix itself by waiting.
      if (error.code === 'ER_ACCESS_DENIED_ERROR' || error.code === 'ER_DBACCESS_DENIED_ERROR') {
        throw new DatabaseUnreachableError(
          `MariaDB at ${describeTarget(target)} refused user "${target.user}": check the credentials in DATABASE_URL.`,
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const reason = (error.code ?? error.message).split('\n')[0];
        throw new DatabaseUnreachableError(
          `Cannot reach MariaDB at ${describeTarget(target)} (${reason}) after ${(timeoutMs / 1000).toFixed(1)} s. ${HOW_TO_GET_ONE}`,
        );
      }
      const wait = Math.min(delay, remaining);
      onRetry?.(attempt, wait, error);
      await new Promise((r) => setTimeout(r, wait));
      delay = Math.min(delay * 2, 5000);
    }
  }
}

export const noServerMessage = (target: DatabaseTarget) =>
  `No MariaDB answers at ${describeTarget(target)} and no mariadbd binary is installed to start a private one. ${HOW_TO_GET_ONE}`;

/** The server answers, but the database DATABASE_URL names is not there (and this command does not create one). */
export class DatabaseMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseMissingError';
  }
}

export const missingDatabaseMessage = (target: DatabaseTarget) =>
  `The database "${target.database}" does not exist on MariaDB at ${describeTarget(target)}; nothing was changed. ` +
  'Create it with npm run migrate (or npm run seed, or npm run restore -- FILE), or fix DATABASE_URL.';

/** Does the database exist on the server? Asks without selecting it, so nothing is created. */
export async function databaseExists(target: DatabaseTarget): Promise<boolean> {
  const conn = await connectToServer(target);
  try {
    const rows = (await conn.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      target.database,
    ])) as unknown[];
    return rows.length > 0;
  } finally {
    await conn.end();
  }
}

/** Create the database if it is missing, with the character set the schema assumes. */
export async function ensureDatabase(target: DatabaseTarget): Promise<void> {
  const conn = await connectToServer(target);
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}
