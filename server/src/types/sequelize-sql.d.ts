// Sequelize ships these types, but only under its package `exports`, which `node10` resolution
// does not read. `Db` uses the very function `sequelize.query` uses to inline replacements.
declare module 'sequelize/lib/utils/sql' {
  export function injectReplacements(sqlString: string, dialect: object, replacements: Record<string, unknown> | unknown[]): string;
}
