import { OrderStatus, PaymentStatus, type GiftCardRecipient, type PostalAddress } from '@bazaar/shared';
import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { char, count, flag, int, json, money, moment, oneOf, serialKey, uuid, uuidKey, varchar } from '../../db/model-columns';

export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: string;
  declare number: string;
  declare userId: string | null;
  declare email: string;
  declare status: OrderStatus;
  declare paymentStatus: PaymentStatus;
  declare currency: string;
  /** The market the order was bought in (null: the default market, or bought before markets). */
  declare marketCode: CreationOptional<string | null>;
  /** Units of `currency` per unit of the base currency it was priced at (null: the base currency). */
  declare exchangeRate: CreationOptional<string | null>;
  declare subtotal: number;
  declare discount: number;
  declare shipping: number;
  declare tax: number;
  declare total: number;
  declare balanceAmount: CreationOptional<number>;
  declare refundedAmount: CreationOptional<number>;
  declare amountDue: CreationOptional<number>;
  /** The cart the order came from: emptied once the order is paid. */
  declare cartId: string | null;
  declare couponId: string | null;
  declare couponCode: string | null;
  declare shippingMethodId: string | null;
  declare shippingMethodName: string;
  declare shippingAddress: PostalAddress;
  declare billingAddress: PostalAddress | null;
  declare carrier: string | null;
  declare trackingNumber: string | null;
  declare reservationExpiresAt: Date | null;
  declare flag: string | null;
  declare stockReserved: CreationOptional<boolean>;
  declare staffNote: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare paidAt: Date | null;
  declare items?: NonAttribute<OrderItem[]>;
  declare events?: NonAttribute<OrderEvent[]>;
}

export class OrderItem extends Model<InferAttributes<OrderItem>, InferCreationAttributes<OrderItem>> {
  declare id: string;
  declare orderId: string;
  declare variantId: string | null;
  declare productId: string | null;
  declare sku: string;
  declare title: string;
  declare variantTitle: string;
  declare quantity: number;
  declare refundedQuantity: CreationOptional<number>;
  declare unitPrice: number;
  declare discount: number;
  declare tax: number;
  declare lineTotal: number;
  declare position: number;
  /** A gift-card line: who its cards are for. */
  declare giftCard: GiftCardRecipient | null;
}

export class OrderEvent extends Model<InferAttributes<OrderEvent>, InferCreationAttributes<OrderEvent>> {
  declare id: CreationOptional<number>;
  declare orderId: string;
  declare type: string;
  declare fromStatus: string | null;
  declare toStatus: string | null;
  declare actorUserId: string | null;
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
}

/** The lines a refund covers, when it was asked for by line. */
export interface RefundLine {
  itemId: string;
  quantity: number;
}

export class Refund extends Model<InferAttributes<Refund>, InferCreationAttributes<Refund>> {
  declare id: string;
  declare orderId: string;
  /** The provider payment refunded; null when the money went to a balance. */
  declare paymentId: string | null;
  /** The gift card or store credit the money went to, when not a provider payment. */
  declare balanceAccountId: string | null;
  declare providerRef: string | null;
  declare amount: number;
  declare status: 'pending' | 'succeeded' | 'failed';
  declare purpose: CreationOptional<'refund' | 'edit'>;
  declare reason: string | null;
  declare refundLines: RefundLine[] | null;
  declare actorUserId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function defineOrdersModels(sequelize: Sequelize): void {
  Order.init(
    {
      id: uuidKey(),
      number: varchar(32),
      userId: uuid(true),
      email: varchar(254),
      status: oneOf(OrderStatus.options),
      paymentStatus: oneOf(PaymentStatus.options),
      currency: char(3),
      marketCode: varchar(32, true),
      exchangeRate: { type: DataTypes.DECIMAL(20, 10), allowNull: true },
      subtotal: money(),
      discount: money(),
      shipping: money(),
      tax: money(),
      total: money(),
      balanceAmount: money(false, 0),
      refundedAmount: money(false, 0),
      amountDue: money(false, 0),
      cartId: uuid(true),
      couponId: uuid(true),
      couponCode: varchar(64, true),
      shippingMethodId: uuid(true),
      shippingMethodName: varchar(100),
      shippingAddress: json(),
      billingAddress: json(true),
      carrier: varchar(64, true),
      trackingNumber: varchar(128, true),
      reservationExpiresAt: moment(true),
      flag: varchar(255, true),
      stockReserved: flag(true),
      staffNote: varchar(1000, true),
      createdAt: moment(),
      updatedAt: moment(),
      paidAt: moment(true),
    },
    { sequelize, tableName: 'orders', timestamps: true },
  );
  OrderItem.init(
    {
      id: uuidKey(),
      orderId: uuid(),
      variantId: uuid(true),
      productId: uuid(true),
      sku: varchar(64),
      title: varchar(200),
      variantTitle: varchar(200),
      quantity: count(),
      refundedQuantity: count(false, 0),
      unitPrice: money(),
      discount: money(),
      tax: money(),
      lineTotal: money(),
      position: int(),
      giftCard: json(true),
    },
    { sequelize, tableName: 'order_items', timestamps: false },
  );
  OrderEvent.init(
    {
      id: serialKey(),
      orderId: uuid(),
      type: varchar(64),
      fromStatus: varchar(32, true),
      toStatus: varchar(32, true),
      actorUserId: uuid(true),
      note: varchar(1000, true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'order_events', timestamps: true, updatedAt: false },
  );
  Refund.init(
    {
      id: uuidKey(),
      orderId: uuid(),
      paymentId: uuid(true),
      balanceAccountId: uuid(true),
      providerRef: varchar(255, true),
      amount: money(),
      status: oneOf(['pending', 'succeeded', 'failed']),
      purpose: oneOf(['refund', 'edit'], false, 'refund'),
      reason: varchar(500, true),
      refundLines: json(true),
      actorUserId: uuid(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'refunds', timestamps: true },
  );
  Order.hasMany(OrderItem, { as: 'items', foreignKey: 'orderId' });
  OrderItem.belongsTo(Order, { as: 'order', foreignKey: 'orderId' });
  Order.hasMany(OrderEvent, { as: 'events', foreignKey: 'orderId' });
  Order.hasMany(Refund, { as: 'refunds', foreignKey: 'orderId' });
}
