import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { count, flag, json, money, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';

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

export function definePromotionsModels(sequelize: Sequelize): void {
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
}
