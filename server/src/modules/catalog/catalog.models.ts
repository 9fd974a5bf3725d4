import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { char, count, flag, int, json, money, moment, oneOf, text, uuid, uuidKey, varchar } from '../../db/model-columns';
import type { ImageVariant } from '../media';

export type ProductStatus = 'draft' | 'active' | 'archived';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: string;
  declare parentId: string | null;
  declare slug: string;
  declare name: string;
  declare description: string | null;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: string;
  declare slug: string;
  declare title: string;
  declare description: string;
  declare brand: CreationOptional<string>;
  declare finalSale: CreationOptional<boolean>;
  declare giftCard: CreationOptional<boolean>;
  /** A chosen-amount gift card: the least and the most a shopper may choose (minor units); null for fixed amounts. */
  declare giftCardMin: CreationOptional<number | null>;
  declare giftCardMax: CreationOptional<number | null>;
  declare status: CreationOptional<ProductStatus>;
  declare seoTitle: string | null;
  declare seoDescription: string | null;
  declare primaryCategoryId: string | null;
  declare currency: CreationOptional<string>;
  /** Denormalised for listing, filters and sorts; kept in step by the catalog and inventory services. */
  declare minPrice: CreationOptional<number>;
  declare maxPrice: CreationOptional<number>;
  declare minCompareAtPrice: number | null;
  declare inStock: CreationOptional<boolean>;
  declare ratingAvg: CreationOptional<number>;
  declare ratingCount: CreationOptional<number>;
  /** Published reviews per star, 1–5. */
  declare ratingHistogram: CreationOptional<number[]>;
  declare soldCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ProductCategory extends Model<InferAttributes<ProductCategory>, InferCreationAttributes<ProductCategory>> {
  declare productId: string;
  declare categoryId: string;
}

export class ProductTag extends Model<InferAttributes<ProductTag>, InferCreationAttributes<ProductTag>> {
  declare productId: string;
  declare tag: string;
}

export class Variant extends Model<InferAttributes<Variant>, InferCreationAttributes<Variant>> {
  declare id: string;
  declare productId: string;
  declare sku: string;
  declare title: CreationOptional<string>;
  /** Option name → value (`{ "Size": "M" }`). */
  declare options: Record<string, string>;
  declare priceAmount: number;
  declare compareAtAmount: number | null;
  declare currency: CreationOptional<string>;
  declare weightGrams: number | null;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ProductImage extends Model<InferAttributes<ProductImage>, InferCreationAttributes<ProductImage>> {
  declare id: string;
  declare productId: string;
  declare position: CreationOptional<number>;
  declare alt: CreationOptional<string>;
  declare storageKey: string;
  declare sizes: ImageVariant[];
  declare createdAt: CreationOptional<Date>;
}

export function defineCatalogModels(sequelize: Sequelize): void {
  const both = { sequelize, timestamps: true } as const;
  Category.init(
    {
      id: uuidKey(),
      parentId: uuid(true),
      slug: varchar(191),
      name: varchar(120),
      description: text(true),
      sortOrder: int(false, 0),
      createdAt: moment(false, true),
      updatedAt: moment(false, true),
    },
    { ...both, tableName: 'categories' },
  );
  Product.init(
    {
      id: uuidKey(),
      slug: varchar(191),
      title: varchar(200),
      description: text(),
      brand: varchar(120, false, ''),
      finalSale: flag(false),
      giftCard: flag(false),
      giftCardMin: money(true),
      giftCardMax: money(true),
      status: oneOf(['draft', 'active', 'archived'], false, 'draft'),
      seoTitle: varchar(200, true),
      seoDescription: varchar(320, true),
      primaryCategoryId: uuid(true),
      currency: { ...char(3), defaultValue: 'USD' },
      minPrice: money(false, 0),
      maxPrice: money(false, 0),
      minCompareAtPrice: money(true),
      inStock: flag(false),
      ratingAvg: { type: DataTypes.DECIMAL(3, 2), allowNull: false, defaultValue: 0 },
      ratingCount: count(false, 0),
      ratingHistogram: json(false, [0, 0, 0, 0, 0]),
      soldCount: count(false, 0),
      createdAt: moment(false, true),
      updatedAt: moment(false, true),
    },
    { ...both, tableName: 'products' },
  );
  ProductCategory.init(
    { productId: uuid(false, true), categoryId: uuid(false, true) },
    { sequelize, tableName: 'product_categories', timestamps: false },
  );
  ProductTag.init(
    { productId: uuid(false, true), tag: { ...varchar(64), primaryKey: true } },
    { sequelize, tableName: 'product_tags', timestamps: false },
  );
  Variant.init(
    {
      id: uuidKey(),
      productId: uuid(),
      sku: varchar(64),
      title: varchar(200, false, ''),
      options: json(),
      priceAmount: money(),
      compareAtAmount: money(true),
      currency: { ...char(3), defaultValue: 'USD' },
      weightGrams: count(true),
      position: int(false, 0),
      createdAt: moment(false, true),
      updatedAt: moment(false, true),
    },
    { ...both, tableName: 'variants' },
  );
  ProductImage.init(
    {
      id: uuidKey(),
      productId: uuid(),
      position: int(false, 0),
      alt: varchar(300, false, ''),
      storageKey: varchar(255),
      sizes: json(),
      createdAt: moment(false, true),
    },
    { sequelize, tableName: 'product_images', timestamps: true, updatedAt: false },
  );
  Product.hasMany(Variant, { as: 'variants', foreignKey: 'productId' });
  Variant.belongsTo(Product, { as: 'product', foreignKey: 'productId' });
  Product.hasMany(ProductImage, { as: 'images', foreignKey: 'productId' });
}
