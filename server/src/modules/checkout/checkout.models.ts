import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { char, json, moment, oneOf, varchar } from '../../db/model-columns';

/** One Idempotency-Key: who holds it while in progress, and the answer once done. */
export class IdempotencyKey extends Model<InferAttributes<IdempotencyKey>, InferCreationAttributes<IdempotencyKey>> {
  declare scope: string;
  declare idemKey: string;
  declare requestHash: string;
  declare status: 'in_progress' | 'done';
  declare ownerToken: string | null;
  declare leaseExpiresAt: Date | null;
  declare responseStatus: number | null;
  declare responseBody: unknown;
  declare createdAt: CreationOptional<Date>;
}

export function defineCheckoutModels(sequelize: Sequelize): void {
  IdempotencyKey.init(
    {
      scope: { ...varchar(100), primaryKey: true },
      idemKey: { ...varchar(255), primaryKey: true },
      requestHash: char(64),
      status: oneOf(['in_progress', 'done']),
      ownerToken: char(36, true),
      leaseExpiresAt: moment(true),
      responseStatus: { type: DataTypes.SMALLINT, allowNull: true },
      responseBody: json(true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'idempotency_keys', timestamps: true, updatedAt: false },
  );
}
