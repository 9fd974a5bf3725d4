import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { char, json, money, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';
import type { Provider } from './payment-events';

const PROVIDERS = ['stripe', 'manual'] as const satisfies readonly Provider[];
/** Payments may also be recorded by staff as made outside the shop. */
const PAYMENT_PROVIDERS = [...PROVIDERS, 'offline'] as const;
export type PaymentRecordStatus = 'creating' | 'requires_payment' | 'processing' | 'succeeded' | 'failed' | 'cancelled';

export class Payment extends Model<InferAttributes<Payment>, InferCreationAttributes<Payment>> {
  declare id: string;
  declare orderId: string;
  declare provider: (typeof PAYMENT_PROVIDERS)[number];
  declare providerRef: string | null;
  declare amount: number;
  declare currency: string;
  declare status: PaymentRecordStatus;
  declare refundedAmount: CreationOptional<number>;
  declare clientSecret: string | null;
  declare lastEvent: unknown;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A provider event as received (the webhook's dedupe record). */
export class PaymentEventRecord extends Model<InferAttributes<PaymentEventRecord>, InferCreationAttributes<PaymentEventRecord>> {
  declare id: string;
  declare provider: Provider;
  declare type: string;
  declare payload: unknown;
  declare receivedAt: Date;
  declare processedAt: Date | null;
  declare outcome: string | null;
}

export function definePaymentsModels(sequelize: Sequelize): void {
  Payment.init(
    {
      id: uuidKey(),
      orderId: uuid(),
      provider: oneOf(PAYMENT_PROVIDERS),
      providerRef: varchar(255, true),
      amount: money(),
      currency: char(3),
      status: oneOf(['creating', 'requires_payment', 'processing', 'succeeded', 'failed', 'cancelled']),
      refundedAmount: money(false, 0),
      clientSecret: varchar(255, true),
      lastEvent: json(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'payments', timestamps: true },
  );
  PaymentEventRecord.init(
    {
      id: { ...varchar(255), primaryKey: true },
      provider: oneOf(PROVIDERS),
      type: varchar(100),
      payload: json(),
      receivedAt: moment(),
      processedAt: moment(true),
      outcome: varchar(255, true),
    },
    { sequelize, tableName: 'payment_events', timestamps: false },
  );
}
