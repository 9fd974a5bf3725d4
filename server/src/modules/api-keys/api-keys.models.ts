import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import type { Permission } from '@bazaar/shared';
import { char, json, moment, uuid, uuidKey, varchar } from '../../db/model-columns';

export class ApiKeyRow extends Model<InferAttributes<ApiKeyRow>, InferCreationAttributes<ApiKeyRow>> {
  declare id: string;
  declare name: string;
  declare prefix: string;
  declare secretHash: string;
  declare permissions: Permission[];
  declare createdBy: string;
  declare createdAt: Date;
  declare expiresAt: Date | null;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare lastUsedIp: CreationOptional<string | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare revokedBy: CreationOptional<string | null>;
}

export function defineApiKeysModels(sequelize: Sequelize): void {
  ApiKeyRow.init(
    {
      id: uuidKey(),
      name: varchar(100),
      prefix: char(8),
      secretHash: char(64),
      permissions: json(),
      createdBy: uuid(),
      createdAt: moment(),
      expiresAt: moment(true),
      lastUsedAt: moment(true),
      lastUsedIp: varchar(45, true),
      revokedAt: moment(true),
      revokedBy: uuid(true),
    },
    { sequelize, tableName: 'api_keys', timestamps: false },
  );
}
