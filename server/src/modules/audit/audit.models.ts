import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { json, moment, serialKey, uuid, varchar } from '../../db/model-columns';

export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare event: string;
  declare actorUserId: string | null;
  declare actorApiKeyId: string | null;
  declare targetUserId: string | null;
  declare ip: string | null;
  declare userAgent: string | null;
  declare details: Record<string, unknown> | null;
  declare createdAt: CreationOptional<Date>;
}

export function defineAuditModels(sequelize: Sequelize): void {
  AuditLog.init(
    {
      id: serialKey(),
      event: varchar(64),
      actorUserId: uuid(true),
      actorApiKeyId: uuid(true),
      targetUserId: uuid(true),
      ip: varchar(45, true),
      userAgent: varchar(255, true),
      details: json(true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'audit_logs', timestamps: true, updatedAt: false },
  );
}
