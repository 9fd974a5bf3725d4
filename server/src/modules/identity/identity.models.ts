import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { moment, uuid, uuidKey, varchar } from '../../db/model-columns';

/** A provider account (OpenID Connect subject) linked to a shop account. Provider tokens are never kept. */
export class UserIdentity extends Model<InferAttributes<UserIdentity>, InferCreationAttributes<UserIdentity>> {
  declare id: string;
  declare userId: string;
  declare provider: string;
  declare subject: string;
  /** The email the provider gave when the identity was linked (shown on the account page). */
  declare email: string | null;
  declare linkedAt: Date;
  declare lastUsedAt: CreationOptional<Date | null>;
}

export function defineIdentityModels(sequelize: Sequelize): void {
  UserIdentity.init(
    {
      id: uuidKey(),
      userId: uuid(),
      provider: varchar(32),
      subject: varchar(255),
      email: varchar(254, true),
      linkedAt: moment(),
      lastUsedAt: moment(true),
    },
    { sequelize, tableName: 'user_identities', timestamps: false },
  );
}
