import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import type { PromotionAction, PromotionConditions } from '@bazaar/shared';
import { char, count, flag, int, json, money, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';

export class Coupon extends Model<InferAttributes<Coupon>, InferCreationAttributes<Coupon>> {
  declare id: string;
  declare code: string;
  declare type: 'percent' | 'fixed';
  declare value: number;
  declare minSubtotal: number | null;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare usageLimit: number | null;
  declare perCustomerLimit: number | null;
  declare categoryIds: string[] | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
}

export class CouponRedemption extends Model<InferAttributes<CouponRedemption>, InferCreationAttributes<CouponRedemption>> {
  declare id: string;
  declare couponId: string;
  declare orderId: string;
  declare userId: string | null;
  declare email: string;
  declare createdAt: CreationOptional<Date>;
}

export class Promotion extends Model<InferAttributes<Promotion>, InferCreationAttributes<Promotion>> {
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare automatic: boolean;
  declare exclusive: CreationOptional<boolean>;
  declare priority: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare conditions: PromotionConditions;
  declare action: PromotionAction;
  declare usageLimit: number | null;
  declare budgetAmount: number | null;
  declare perCustomerLimit: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PromotionCode extends Model<InferAttributes<PromotionCode>, InferCreationAttributes<PromotionCode>> {
  declare id: string;
  declare promotionId: string;
  declare code: string;
  declare usageLimit: number | null;
  declare createdAt: CreationOptional<Date>;
}

export class PromotionUse extends Model<InferAttributes<PromotionUse>, InferCreationAttributes<PromotionUse>> {
  declare id: string;
  declare promotionId: string;
  declare codeId: string | null;
  declare orderId: string;
  declare userId: string | null;
  declare email: string;
  declare currency: string;
  declare amount: number;
  declare baseAmount: number;
  declare releasedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export function definePromotionsModels(sequelize: Sequelize): void {
  Promotion.init(
    {
      id: uuidKey(),
      name: varchar(120),
      description: varchar(500, true),
      automatic: flag(),
      exclusive: flag(false),
      priority: int(false, 0),
      active: flag(true),
      startsAt: moment(true),
      endsAt: moment(true),
      conditions: json(),
      action: json(),
      usageLimit: count(true),
      budgetAmount: money(true),
      perCustomerLimit: count(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'promotions', timestamps: true },
  );
  PromotionCode.init(
    { id: uuidKey(), promotionId: uuid(), code: varchar(64), usageLimit: count(true), createdAt: moment() },
    { sequelize, tableName: 'promotion_codes', timestamps: true, updatedAt: false },
  );
  PromotionUse.init(
    {
      id: uuidKey(),
      promotionId: uuid(),
      codeId: uuid(true),
      orderId: uuid(),
      userId: uuid(true),
      email: varchar(254),
      currency: char(3),
      amount: money(),
      baseAmount: money(),
      releasedAt: moment(true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'promotion_uses', timestamps: true, updatedAt: false },
  );
  Coupon.init(
    {
      id: uuidKey(),
      code: varchar(64),
      type: oneOf(['percent', 'fixed']),
      value: count(),
      minSubtotal: money(true),
      startsAt: moment(true),
      endsAt: moment(true),
      usageLimit: count(true),
      perCustomerLimit: count(true),
      categoryIds: json(true),
      active: flag(true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'coupons', timestamps: true, updatedAt: false },
  );
  CouponRedemption.init(
    { id: uuidKey(), couponId: uuid(), orderId: uuid(), userId: uuid(true), email: varchar(254), createdAt: moment() },
    { sequelize, tableName: 'coupon_redemptions', timestamps: true, updatedAt: false },
  );
  PromotionUse.belongsTo(PromotionCode, { as: 'code', foreignKey: 'codeId' });
}
