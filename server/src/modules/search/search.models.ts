import { DataTypes, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { moment, text, uuid, varchar } from '../../db/model-columns';

/** The MariaDB engine's index row for one product (FULLTEXT over the words and their stems). */
export class ProductSearchEntry extends Model<InferAttributes<ProductSearchEntry>, InferCreationAttributes<ProductSearchEntry>> {
  declare productId: string;
  declare title: string;
  declare brand: string;
  declare tags: string;
  declare description: string;
  declare titleStems: string;
  declare stems: string;
  declare indexedAt: Date;
}

/** The catalog's vocabulary: one row per product and word, which query words are corrected against. */
export class ProductSearchWord extends Model<InferAttributes<ProductSearchWord>, InferCreationAttributes<ProductSearchWord>> {
  declare productId: string;
  declare word: string;
  declare stem: string;
}

export function defineSearchModels(sequelize: Sequelize): void {
  ProductSearchEntry.init(
    {
      productId: uuid(false, true),
      title: varchar(200),
      brand: varchar(120),
      tags: varchar(2000),
      description: text(),
      titleStems: varchar(400, false, ''),
      stems: { type: DataTypes.TEXT('medium'), allowNull: false, defaultValue: '' },
      indexedAt: moment(),
    },
    { sequelize, tableName: 'product_search', timestamps: false },
  );
  ProductSearchWord.init(
    { productId: uuid(false, true), word: { ...varchar(64), primaryKey: true }, stem: varchar(64) },
    { sequelize, tableName: 'product_search_words', timestamps: false },
  );
}
