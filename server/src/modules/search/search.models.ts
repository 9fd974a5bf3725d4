import type { InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { moment, text, uuid, varchar } from '../../db/model-columns';

/** The MariaDB engine's index row for one product (FULLTEXT over title, brand, tags, description). */
export class ProductSearchEntry extends Model<InferAttributes<ProductSearchEntry>, InferCreationAttributes<ProductSearchEntry>> {
  declare productId: string;
  declare title: string;
  declare brand: string;
  declare tags: string;
  declare description: string;
  declare indexedAt: Date;
}

export function defineSearchModels(sequelize: Sequelize): void {
  ProductSearchEntry.init(
    {
      productId: uuid(false, true),
      title: varchar(200),
      brand: varchar(120),
      tags: varchar(2000),
      description: text(),
      indexedAt: moment(),
    },
    { sequelize, tableName: 'product_search', timestamps: false },
  );
}
