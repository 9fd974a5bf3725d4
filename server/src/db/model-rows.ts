import type { Attributes, CreationAttributes, Model, ModelStatic, WhereOptions } from 'sequelize';
import { conflict, notFound } from '../lib/errors';
import { isDuplicateKey } from './db';

/** The entries that are set: an absent field of a partial update changes nothing. */
const given = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A write that a unique key may refuse: 409 with `message` instead of the database error. */
export async function refusingDuplicates<T>(write: () => Promise<T>, message = 'One like this already exists.'): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(message);
    throw err;
  }
}

const byId = <M extends Model>(id: string) => ({ id }) as unknown as WhereOptions<Attributes<M>>;

/**
 * Plain create/update/delete of a settings-like table through its model, for the staff screens
 * (shipping methods, tax rates, coupons): a duplicate key is 409, a missing row 404.
 */
export const modelRows = {
  /** The row as stored (read back, so columns left to the database come back as it filled them). */
  async insert<M extends Model>(model: ModelStatic<M>, values: CreationAttributes<M>): Promise<M> {
    const row = await refusingDuplicates(() => model.create(given(values) as CreationAttributes<M>));
    return row.reload();
  },

  /** The row after the change; nothing is written when no field is given. */
  async update<M extends Model>(model: ModelStatic<M>, id: string, changes: Partial<Attributes<M>>): Promise<M> {
    const row = await model.findOne({ where: byId<M>(id) });
    if (!row) throw notFound('It');
    const set = given(changes);
    if (Object.keys(set).length) await refusingDuplicates(() => row.update(set));
    return row;
  },

  async remove<M extends Model>(model: ModelStatic<M>, id: string): Promise<void> {
    if (!(await model.destroy({ where: byId<M>(id) }))) throw notFound('It');
  },
};
