/**
 * The models describe the tables the migrations make: for every model, every column of its migrated
 * table has an attribute and every attribute a column, with the same type, nullability, default,
 * primary key and auto-increment; and every table has a model. A migration that adds a column no
 * model declares, or a model that declares a wrong type, fails here.
 */
import { DataTypes, Model, type Sequelize, type ModelStatic } from 'sequelize';
import type { DatabaseTarget } from '../../src/db/database-target';
import { createMigrator, MIGRATIONS_TABLE } from '../../src/db/migrator';
import { createLogger } from '../../src/lib/logger';
import { defineModels } from '../../src/models';
import { createEmptyDatabase, dropDatabase, testSequelize } from '../support/test-database';

let target: DatabaseTarget;
let sequelize: Sequelize;
/** Columns that MariaDB keeps as JSON (LONGTEXT with a JSON_VALID check), as `table.column`. */
let jsonColumns: Set<string>;

beforeAll(async () => {
  target = await createEmptyDatabase('models');
  sequelize = testSequelize(target, 2);
  await createMigrator(sequelize, createLogger('silent')).up();
  // Twice, as a process that builds more than one container does: defining again must not throw.
  defineModels(sequelize);
  defineModels(sequelize);
  jsonColumns = await jsonColumnsOf(sequelize);
});
afterAll(async () => {
  await sequelize.close();
  await dropDatabase(target);
});

async function jsonColumnsOf(s: Sequelize): Promise<Set<string>> {
  const [rows] = (await s.query(
    'SELECT table_name AS t, check_clause AS c FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()',
  )) as [{ t: string; c: string }[], unknown];
  const columns = rows.flatMap((r) => {
    const m = /^json_valid\(`([^`]+)`\)$/i.exec(r.c.trim());
    return m ? [`${r.t}.${m[1]}`] : [];
  });
  return new Set(columns);
}

/** The tables of the migrated database (not the sequence, not the migrator's own table). */
async function tables(s: Sequelize): Promise<string[]> {
  const [rows] = (await s.query(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> ?",
    { replacements: [MIGRATIONS_TABLE] },
  )) as [{ t: string }[], unknown];
  return rows.map((r) => r.t).sort();
}

const INTEGER_WIDTH = /^(TINYINT|SMALLINT|MEDIUMINT|INT|BIGINT)\(\d+\)/;

/** A column type as MariaDB reports it, in the form both sides are compared in. */
export function normaliseDbType(type: string, isJson: boolean): string {
  const t = type.toUpperCase().trim();
  if (isJson && t === 'LONGTEXT') return 'JSON';
  if (t === 'TINYINT(1)') return 'BOOLEAN';
  if (t.startsWith('ENUM(')) return `ENUM(${type.slice(5)}`;
  return t.replace(INTEGER_WIDTH, '$1');
}

/** A model attribute's type, in the same form. */
export function normaliseModelType(type: unknown): string {
  if (type instanceof DataTypes.ENUM) {
    const values = (type as unknown as { values: string[] }).values;
    return `ENUM(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
  }
  const sql = (type as { toSql(): string }).toSql().toUpperCase();
  const t = sql.replace(/ BINARY$/, '').replace(/^INTEGER/, 'INT');
  return t === 'TINYINT(1)' ? 'BOOLEAN' : t.replace(INTEGER_WIDTH, '$1');
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A default as MariaDB reports it: quotes off, CURRENT_TIMESTAMP(n) as CURRENT_TIMESTAMP, numbers as numbers. */
export function normaliseDbDefault(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let s = String(value);
  if (/^'.*'$/s.test(s)) s = s.slice(1, -1).replace(/''/g, "'");
  if (/^current_timestamp(\(\d*\))?$/i.test(s)) return 'CURRENT_TIMESTAMP';
  return NUMERIC.test(s) ? String(Number(s)) : s;
}

/** A model's defaultValue in the same form. */
export function normaliseModelDefault(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value === DataTypes.NOW || value instanceof DataTypes.NOW) return 'CURRENT_TIMESTAMP';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return NUMERIC.test(value) ? String(Number(value)) : value;
  return JSON.stringify(value);
}

interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
  primaryKey: boolean;
  autoIncrement: boolean;
}

/** Every way the model and its table disagree, one line each ([] when they match). */
export async function schemaDrift(model: ModelStatic<Model>, json: Set<string>): Promise<string[]> {
  const table = model.getTableName() as string;
  const described = await model.sequelize!.getQueryInterface().describeTable(table);
  const fromDb = new Map<string, ColumnShape>(
    Object.entries(described).map(([column, d]) => [
      column,
      {
        type: normaliseDbType(d.type, json.has(`${table}.${column}`)),
        nullable: d.allowNull,
        default: normaliseDbDefault(d.defaultValue),
        primaryKey: d.primaryKey,
        autoIncrement: d.autoIncrement,
      },
    ]),
  );
  const fromModel = new Map<string, ColumnShape>(
    Object.values(model.getAttributes()).map((a) => [
      a.field!,
      {
        type: normaliseModelType(a.type),
        nullable: a.allowNull !== false && !a.primaryKey,
        default: normaliseModelDefault(a.defaultValue),
        primaryKey: a.primaryKey === true,
        autoIncrement: a.autoIncrement === true,
      },
    ]),
  );
  const problems: string[] = [];
  for (const column of fromDb.keys()) if (!fromModel.has(column)) problems.push(`${table}.${column}: a column with no attribute`);
  for (const [column, m] of fromModel) {
    const d = fromDb.get(column);
    if (!d) {
      problems.push(`${table}.${column}: an attribute with no column`);
      continue;
    }
    for (const key of Object.keys(m) as (keyof ColumnShape)[]) {
      if (m[key] !== d[key])
        problems.push(`${table}.${column}: ${key} is ${JSON.stringify(d[key])} in the database, ${JSON.stringify(m[key])} in the model`);
    }
  }
  return problems;
}

/** The models defineModels puts on the instance (umzug's own storage model is not one of ours). */
const ourModels = (s: Sequelize) => Object.values(s.models).filter((m) => m.getTableName() !== MIGRATIONS_TABLE);

it('every model matches its migrated table: columns, types, nullability, defaults, keys', async () => {
  const problems: string[] = [];
  for (const model of ourModels(sequelize)) problems.push(...(await schemaDrift(model, jsonColumns)));
  expect(problems).toEqual([]);
});

it('every table the migrations create has exactly one model', async () => {
  const modelled = ourModels(sequelize).map((m) => m.getTableName() as string);
  expect(new Set(modelled).size).toBe(modelled.length);
  expect([...modelled].sort()).toEqual(await tables(sequelize));
  expect(modelled.length).toBeGreaterThanOrEqual(40);
});

describe('the comparison itself', () => {
  // A second instance on the same database, so the deliberately wrong models stay off the real ones.
  let other: Sequelize;
  beforeAll(() => {
    other = testSequelize(target, 1);
  });
  afterAll(async () => {
    await other.close();
    await sequelize.query('DROP TABLE IF EXISTS drift_probe');
  });

  it('reports a wrong type, a wrong nullability, a wrong default and a missing attribute', async () => {
    class WrongTaxRate extends Model {}
    WrongTaxRate.init(
      {
        id: { type: DataTypes.CHAR(36).BINARY, primaryKey: true },
        country: { type: DataTypes.CHAR(3), allowNull: false },
        region: { type: DataTypes.STRING(100), allowNull: true, defaultValue: '' },
        name: { type: DataTypes.STRING(100), allowNull: false },
        rateBp: { type: DataTypes.INTEGER, allowNull: false },
        appliesToShipping: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      },
      { sequelize: other, tableName: 'tax_rates', timestamps: false, underscored: true },
    );
    expect(await schemaDrift(WrongTaxRate, jsonColumns)).toEqual([
      'tax_rates.country: type is "CHAR(2)" in the database, "CHAR(3)" in the model',
      'tax_rates.region: nullable is false in the database, true in the model',
      'tax_rates.rate_bp: type is "INT UNSIGNED" in the database, "INT" in the model',
      'tax_rates.applies_to_shipping: default is "1" in the database, "0" in the model',
    ]);
  });

  it('reports a column a migration added that the model lacks, and a JSON column declared as text', async () => {
    await sequelize.query(
      "CREATE TABLE drift_probe (id INT NOT NULL PRIMARY KEY, doc JSON NOT NULL, added VARCHAR(10) NOT NULL DEFAULT 'x') ENGINE=InnoDB",
    );
    class Probe extends Model {}
    Probe.init(
      { id: { type: DataTypes.INTEGER, primaryKey: true }, doc: { type: DataTypes.TEXT('long'), allowNull: false } },
      { sequelize: other, tableName: 'drift_probe', timestamps: false },
    );
    expect(await schemaDrift(Probe, await jsonColumnsOf(other))).toEqual([
      'drift_probe.added: a column with no attribute',
      'drift_probe.doc: type is "JSON" in the database, "LONGTEXT" in the model',
    ]);
  });
});
