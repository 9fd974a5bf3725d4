/**
 * The thin `Db` path against `sequelize.query` and a model read, statement by statement: one
 * connection, sequential primary-key SELECTs (the shape of most hot-path reads), client CPU per
 * statement. `npx tsx bench/db-path.ts` (BENCH_DATABASE_URL, default
 * mariadb://root@127.0.0.1:3306/bazaar_bench_dbpath; dropped and recreated). Results: bench/README.md.
 */
import { DataTypes, Model, QueryTypes } from 'sequelize';
import { parseDatabaseUrl } from '../server/src/db/database-target';
import { Db } from '../server/src/db/db';
import { createSequelize } from '../server/src/db/sequelize';
import { createLogger } from '../server/src/lib/logger';

const URL = process.env.BENCH_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/bazaar_bench_dbpath';
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

class Item extends Model {
  declare id: number;
  declare title: string;
  declare priceAmount: number;
}

async function main() {
  const target = parseDatabaseUrl(URL);
  const logger = createLogger('silent');
  const admin = createSequelize({ ...target, database: '' }, { poolMin: 0, poolMax: 1, slowQueryMs: 1e9 }, logger);
  await admin.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
  await admin.query(`CREATE DATABASE \`${target.database}\``);
  await admin.close();
  const sequelize = createSequelize(target, { poolMin: 1, poolMax: 1, slowQueryMs: 1e9 }, logger);
  const db = new Db(sequelize);
  await db.execute('CREATE TABLE items (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, price_amount BIGINT NOT NULL)');
  await db.execute(`INSERT INTO items SELECT seq, CONCAT('Item ', seq), seq * 100 FROM seq_1_to_1000`);
  Item.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true }, title: DataTypes.STRING(200), priceAmount: DataTypes.BIGINT },
    { sequelize, tableName: 'items', timestamps: false, underscored: true },
  );
  const sql = 'SELECT id, title, price_amount FROM items WHERE id = ?';
  const paths: Record<string, (id: number) => Promise<unknown>> = {
    'Db.one (thin path)': (id) => db.one(sql, [id]),
    'sequelize.query': (id) => sequelize.query(sql, { replacements: [id], type: QueryTypes.SELECT }),
    'Model.findByPk (raw)': (id) => Item.findByPk(id, { raw: true }),
    'Model.findByPk (instance)': (id) => Item.findByPk(id),
  };
  const results: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(paths)) {
      for (let i = 0; i < 200; i++) await run((i % 1000) + 1); // warm
      const cpu = process.cpuUsage();
      for (let i = 0; i < STATEMENTS; i++) await run((i % 1000) + 1);
      const used = process.cpuUsage(cpu);
      (results[name] ??= []).push((used.user + used.system) / STATEMENTS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // eslint-disable-next-line no-console
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([name, xs]) => [
        name,
        { 'client CPU µs/statement (median)': median(xs).toFixed(1), rounds: xs.map((x) => x.toFixed(1)).join(' ') },
      ]),
    ),
  );
  await sequelize.close();
}

void main();
