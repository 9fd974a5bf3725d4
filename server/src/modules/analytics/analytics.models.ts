import { ANALYTICS_EVENT_TYPES, type AnalyticsEventType } from '@bazaar/shared';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { count, flag, json, moment, oneOf, serialKey, uuid, varchar } from '../../db/model-columns';

/** Append-only: each consent choice is a new row; the newest counts. */
export class Consent extends Model<InferAttributes<Consent>, InferCreationAttributes<Consent>> {
  declare id: CreationOptional<number>;
  declare visitorId: string;
  declare userId: string | null;
  declare analytics: boolean;
  declare marketing: boolean;
  declare policyVersion: string;
  declare decidedAt: Date;
}

export class AnalyticsEventRecord extends Model<InferAttributes<AnalyticsEventRecord>, InferCreationAttributes<AnalyticsEventRecord>> {
  declare id: CreationOptional<number>;
  declare visitorId: string;
  declare userId: string | null;
  declare type: AnalyticsEventType;
  declare productId: string | null;
  declare query: string | null;
  declare resultCount: number | null;
  /** The few type-specific extras (page path, variant and quantity, order id). */
  declare properties: Record<string, unknown> | null;
  /** The server's clock when the batch arrived. */
  declare occurredAt: Date;
}

export class AnalyticsDay extends Model<InferAttributes<AnalyticsDay>, InferCreationAttributes<AnalyticsDay>> {
  /** YYYY-MM-DD. */
  declare day: string;
  declare visitors: CreationOptional<number>;
  declare pageViews: CreationOptional<number>;
  declare productViews: CreationOptional<number>;
  declare productViewVisitors: CreationOptional<number>;
  declare addToCarts: CreationOptional<number>;
  declare addToCartVisitors: CreationOptional<number>;
  declare checkoutStartedVisitors: CreationOptional<number>;
  declare purchases: CreationOptional<number>;
  declare purchaseVisitors: CreationOptional<number>;
  declare searches: CreationOptional<number>;
  declare zeroResultSearches: CreationOptional<number>;
  declare addToCartRate: CreationOptional<number>;
  declare cartsConverted: CreationOptional<number>;
  declare cartsAbandoned: CreationOptional<number>;
  declare cartAbandonmentRate: CreationOptional<number>;
  declare computedAt: Date;
}

export class AnalyticsDayProduct extends Model<InferAttributes<AnalyticsDayProduct>, InferCreationAttributes<AnalyticsDayProduct>> {
  declare day: string;
  declare productId: string;
  declare views: CreationOptional<number>;
  declare addToCarts: CreationOptional<number>;
}

export class AnalyticsDaySearch extends Model<InferAttributes<AnalyticsDaySearch>, InferCreationAttributes<AnalyticsDaySearch>> {
  declare day: string;
  declare query: string;
  declare searches: CreationOptional<number>;
  declare zeroResults: CreationOptional<number>;
}

const day = () => ({ type: DataTypes.DATEONLY, allowNull: false, primaryKey: true });
/** Normalised search text, compared byte for byte. */
const searchText = (allowNull: boolean) => ({ type: DataTypes.STRING(200).BINARY, allowNull });
const tally = () => count(false, 0);
const rate = () => ({ type: DataTypes.DECIMAL(7, 6), allowNull: false, defaultValue: 0 });

export function defineAnalyticsModels(sequelize: Sequelize): void {
  Consent.init(
    {
      id: serialKey(),
      visitorId: uuid(),
      userId: uuid(true),
      analytics: flag(),
      marketing: flag(),
      policyVersion: varchar(32),
      decidedAt: moment(),
    },
    { sequelize, tableName: 'consents', timestamps: false },
  );
  AnalyticsEventRecord.init(
    {
      id: serialKey(),
      visitorId: uuid(),
      userId: uuid(true),
      type: oneOf(ANALYTICS_EVENT_TYPES),
      productId: uuid(true),
      query: searchText(true),
      resultCount: count(true),
      properties: json(true),
      occurredAt: moment(),
    },
    { sequelize, tableName: 'analytics_events', timestamps: false },
  );
  AnalyticsDay.init(
    {
      day: day(),
      visitors: tally(),
      pageViews: tally(),
      productViews: tally(),
      productViewVisitors: tally(),
      addToCarts: tally(),
      addToCartVisitors: tally(),
      checkoutStartedVisitors: tally(),
      purchases: tally(),
      purchaseVisitors: tally(),
      searches: tally(),
      zeroResultSearches: tally(),
      addToCartRate: rate(),
      cartsConverted: tally(),
      cartsAbandoned: tally(),
      cartAbandonmentRate: rate(),
      computedAt: moment(),
    },
    { sequelize, tableName: 'analytics_daily', timestamps: false },
  );
  AnalyticsDayProduct.init(
    { day: day(), productId: uuid(false, true), views: tally(), addToCarts: tally() },
    { sequelize, tableName: 'analytics_daily_products', timestamps: false },
  );
  AnalyticsDaySearch.init(
    { day: day(), query: { ...searchText(false), primaryKey: true }, searches: tally(), zeroResults: tally() },
    { sequelize, tableName: 'analytics_daily_searches', timestamps: false },
  );
}
