import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { createEmptyDatabase, dropDatabase } from '../../test/support/test-database';
import { createLogger } from '../lib/logger';
import type { DatabaseTarget } from './database-target';
import { Db, dbErrorCode, isDuplicateKey, type Transaction } from './db';
import { createSequelize } from './sequelize';

// Db runs statements on the driver connection instead of through `sequelize.query`; these tests
// hold it to what `sequelize.query` gave callers: the same rows and types, errors, logs and hooks.
let target: DatabaseTarget;
let sequelize: Sequelize;
let db: Db;
const logged: { level: string; sql: string; ms: number }[] = [];

beforeAll(async () => {
  target = await createEmptyDatabase('db');
  // slowQueryMs 0: every statement is "slow", so each one reaches the warn log.
  const logger = createLogger('warn');
  logger.warn = ((obj: { sql: string; ms: number }) => void logged.push({ level: 'warn', sql: obj.sql, ms: obj.ms })) as typeof logger.warn;
  sequelize = createSequelize(target, { poolMin: 0, poolMax: 4, slowQueryMs: 0 }, logger);
  db = new Db(sequelize);
  await sequelize.query(`CREATE TABLE kinds (
    id INT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, at DATETIME(3) NULL, day DATE NULL,
    amount DECIMAL(12,2) NULL, big BIGINT NULL, flag TINYINT(1) NULL, doc JSON NULL, raw VARBINARY(16) NULL, note TEXT NULL)`);
});
afterAll(async () => {
  await sequelize.close();
  await dropDatabase(target);
});

const viaSequelize = <T extends object>(sql: string, replacements?: unknown[] | Record<string, unknown>, transaction?: Transaction) =>
  sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction, raw: true });

describe('Db on the driver connection', () => {
  it('writes replacements and reads every column type exactly as sequelize.query does', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const values = [
      'k1',
      at,
      '2026-03-04',
      '1234.50',
      9007199254740993n,
      true,
      JSON.stringify({ a: [1, 'x'] }),
      Buffer.from([0, 1, 255]),
      "it's \\ 'quoted'",
    ];
    await db.execute('INSERT INTO kinds (code, at, day, amount, big, flag, doc, raw, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', values);
    await sequelize.query('INSERT INTO kinds (code, at, day, amount, big, flag, doc, raw, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', {
      replacements: ['k2', ...values.slice(1)],
    });
    await db.execute('INSERT INTO kinds (code) VALUES (:code)', { code: 'k3' });

    const sql =
      'SELECT code, at, day, amount, big, flag, doc, raw, note, COUNT(*) OVER () AS n, SUM(amount) OVER () AS total FROM kinds WHERE code IN (?) ORDER BY code';
    const ours = await db.select<Record<string, unknown>>(sql, [['k1', 'k2', 'k3']]);
    const theirs = await viaSequelize<Record<string, unknown>>(sql, [['k1', 'k2', 'k3']]);
    expect(ours).toEqual(theirs);
    expect(ours.map((r) => r.code)).toEqual(['k1', 'k2', 'k3']);
    // Same types, not just equal-looking values: the rows written through Db and through Sequelize agree.
    const { code: _c1, ...first } = ours[0]!;
    const { code: _c2, ...second } = ours[1]!;
    expect(first).toEqual(second);
    expect(first).toMatchObject({ at, note: "it's \\ 'quoted'" });
    expect(Object.getPrototypeOf(ours)).toBe(Array.prototype);
    expect(Object.keys(ours)).toEqual(['0', '1', '2']);
    expect(await db.one(sql, [['nothing']])).toBeUndefined();
    expect(await db.one('SELECT ? AS a, ? AS b, ? AS c', [null, false, at])).toEqual(
      (await viaSequelize('SELECT ? AS a, ? AS b, ? AS c', [null, false, at]))[0],
    );
  });

  it('reports affected rows and the insert id of every kind of write', async () => {
    expect(await db.execute("INSERT INTO kinds (code) VALUES ('w1')")).toEqual({ affectedRows: 1, insertId: expect.any(Number) });
    expect(await db.execute("INSERT IGNORE INTO kinds (code) VALUES ('w1')")).toEqual({ affectedRows: 0, insertId: 0 });
    expect((await db.execute("INSERT INTO kinds (code) VALUES ('w2'), ('w3')")).affectedRows).toBe(2);
    expect((await db.execute("UPDATE kinds SET note = 'x' WHERE code LIKE 'w%'")).affectedRows).toBe(3);
    expect((await db.execute("UPDATE kinds SET note = 'x' WHERE code LIKE 'w%'")).affectedRows).toBe(0);
    expect((await db.execute("DELETE FROM kinds WHERE code IN ('w2', 'w3')")).affectedRows).toBe(2);
  });

  it('fails with the errors Sequelize threw, and with nothing run when a replacement is missing', async () => {
    await db.execute("INSERT INTO kinds (code) VALUES ('dup')");
    const err = await db.execute("INSERT INTO kinds (code) VALUES ('dup')").catch((e: unknown) => e);
    const theirs = await sequelize.query("INSERT INTO kinds (code) VALUES ('dup')").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UniqueConstraintError);
    expect(isDuplicateKey(err)).toBe(true);
    expect({ name: (err as Error).name, fields: (err as UniqueConstraintError).fields, code: dbErrorCode(err) }).toEqual({
      name: (theirs as Error).name,
      fields: (theirs as UniqueConstraintError).fields,
      code: dbErrorCode(theirs),
    });
    expect(dbErrorCode(await db.select('SELECT nope FROM kinds').catch((e: unknown) => e))).toBe('ER_BAD_FIELD_ERROR');
    await expect(db.select('SELECT ? AS a, ? AS b', [1])).rejects.toThrow(/replacement/i);
  });

  it('runs inside the transaction it is given: uncommitted rows visible there only, gone after a rollback', async () => {
    await expect(
      db.transaction(async (tx) => {
        await db.execute("INSERT INTO kinds (code) VALUES ('tx1')", [], tx);
        expect(await db.one("SELECT code FROM kinds WHERE code = 'tx1'", [], tx)).toEqual({ code: 'tx1' });
        expect(await db.one("SELECT code FROM kinds WHERE code = 'tx1'")).toBeUndefined();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db.one("SELECT code FROM kinds WHERE code = 'tx1'")).toBeUndefined();
  });

  it('ends a deadlock victim’s transaction as Sequelize did, and transaction() retries it to success', async () => {
    await db.execute("INSERT INTO kinds (code, big) VALUES ('dl-a', 0), ('dl-b', 0)");
    const lockInOrder = async (first: string, second: string, gate: { ready: number; go: Promise<void>; open(): void }) => {
      let attempts = 0;
      const victims: Transaction[] = [];
      await db.transaction(async (tx) => {
        attempts++;
        await db.execute('UPDATE kinds SET big = big + 1 WHERE code = ?', [first], tx);
        if (attempts === 1) {
          if (++gate.ready === 2) gate.open();
          await gate.go;
        }
        try {
          await db.execute('UPDATE kinds SET big = big + 1 WHERE code = ?', [second], tx);
        } catch (err) {
          victims.push(tx);
          throw err;
        }
      });
      return { attempts, victims };
    };
    let open!: () => void;
    const gate = { ready: 0, go: new Promise<void>((r) => (open = r)), open: () => open() };
    const [a, b] = await Promise.all([lockInOrder('dl-a', 'dl-b', gate), lockInOrder('dl-b', 'dl-a', gate)]);
    // Exactly one was the victim; its transaction was marked rolled back, and the retry went through.
    const victims = [...a.victims, ...b.victims];
    expect(victims).toHaveLength(1);
    expect((victims[0] as unknown as { finished?: string }).finished).toBe('rollback');
    expect(a.attempts + b.attempts).toBe(3);
    expect(await db.select("SELECT big FROM kinds WHERE code IN ('dl-a', 'dl-b') ORDER BY code")).toEqual([{ big: 2 }, { big: 2 }]);
    await expect(db.select('SELECT 1', [], victims[0])).rejects.toThrow(/rollback has been called on this transaction/);
  });

  it('logs each statement with its time, and runs query hooks (the statement budget test counts with one)', async () => {
    logged.length = 0;
    await db.one('SELECT code FROM kinds WHERE code = ?', ['secret-value']);
    await viaSequelize('SELECT code FROM kinds WHERE code = ?', ['secret-value']);
    // The same line as Sequelize's, literals masked.
    const line = { level: 'warn', sql: "Executed (default): SELECT code FROM kinds WHERE code = '?'", ms: expect.any(Number) };
    expect(logged).toEqual([line, line]);

    const seen: string[] = [];
    const hook = (_options: unknown, query: { sql?: string }) => void seen.push(String(query.sql));
    sequelize.addHook('beforeQuery', 'db-test', () => void seen.push('before'));
    sequelize.addHook('afterQuery', 'db-test', hook as never);
    try {
      await db.execute("UPDATE kinds SET note = 'h' WHERE code = ?", ['dup']);
    } finally {
      sequelize.removeHook('beforeQuery', 'db-test');
      sequelize.removeHook('afterQuery', 'db-test');
    }
    expect(seen).toEqual(['before', "UPDATE kinds SET note = 'h' WHERE code = 'dup'"]);
  });

  it('returns borrowed connections to the pool, after failures too', async () => {
    for (let i = 0; i < 20; i++) await db.select('SELECT nope').catch(() => undefined);
    await Promise.all(Array.from({ length: 20 }, () => db.one('SELECT SLEEP(0.01) AS s')));
    const pool = (sequelize as unknown as { connectionManager: { pool: { size: number; available: number; using: number } } })
      .connectionManager.pool;
    expect(pool.using).toBe(0);
    expect(pool.size).toBeLessThanOrEqual(4);
  });
});
