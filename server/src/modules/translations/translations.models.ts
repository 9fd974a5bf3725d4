import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import type { TranslatableKind } from '@bazaar/shared';
import { json, moment, oneOf, uuid, varchar } from '../../db/model-columns';

export class TranslationRow extends Model<InferAttributes<TranslationRow>, InferCreationAttributes<TranslationRow>> {
  declare kind: TranslatableKind;
  declare entityId: string;
  declare language: string;
  declare fields: Record<string, unknown>;
  declare updatedAt: CreationOptional<Date>;
}

export function defineTranslationsModels(sequelize: Sequelize): void {
  TranslationRow.init(
    {
      kind: { ...oneOf(['product', 'variant', 'category', 'shipping_method']), primaryKey: true },
      entityId: uuid(false, true),
      language: { ...varchar(8), primaryKey: true },
      fields: json(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'translations', timestamps: true, createdAt: false },
  );
}
