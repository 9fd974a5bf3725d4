import type { WebhookDeliveryStatus, WebhookEventType } from '@bazaar/shared';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { count, flag, int, json, moment, oneOf, serialKey, text, uuid, uuidKey, varchar } from '../../db/model-columns';

const eventId = (primaryKey = false) => ({ type: DataTypes.STRING(40), allowNull: false, primaryKey });
const bigId = () => ({ type: DataTypes.BIGINT.UNSIGNED, allowNull: false });
const mediumText = () => ({ type: DataTypes.TEXT('medium'), allowNull: false });

export class WebhookEndpointRecord extends Model<InferAttributes<WebhookEndpointRecord>, InferCreationAttributes<WebhookEndpointRecord>> {
  declare id: string;
  declare url: string;
  declare description: CreationOptional<string>;
  declare events: WebhookEventType[];
  declare enabled: CreationOptional<boolean>;
  declare disabledReason: 'failing' | null;
  /** The signing secret, sealed with the server's SecretBox (it is needed in clear to sign). */
  declare secretSealed: string;
  declare secretHint: string;
  /** After a rotation the old secret still signs (a second `v1=`) until it expires, so receivers can switch over. */
  declare previousSecretSealed: string | null;
  declare previousSecretExpiresAt: Date | null;
  declare failingSince: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class WebhookEventRecord extends Model<InferAttributes<WebhookEventRecord>, InferCreationAttributes<WebhookEventRecord>> {
  declare id: string;
  declare type: string;
  /** The JSON sent, byte for byte the same on every attempt. */
  declare body: string;
  declare createdAt: Date;
}

export class WebhookDeliveryRecord extends Model<InferAttributes<WebhookDeliveryRecord>, InferCreationAttributes<WebhookDeliveryRecord>> {
  declare id: CreationOptional<number>;
  declare eventId: string;
  declare endpointId: string;
  declare status: CreationOptional<WebhookDeliveryStatus>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date | null;
  /** Held by the attempt in flight, so two jobs never send the same delivery at once. */
  declare lockedUntil: Date | null;
  declare createdAt: Date;
  declare deliveredAt: Date | null;
}

export class WebhookAttemptRecord extends Model<InferAttributes<WebhookAttemptRecord>, InferCreationAttributes<WebhookAttemptRecord>> {
  declare id: CreationOptional<number>;
  declare deliveryId: number;
  declare attempt: number;
  declare attemptedAt: Date;
  declare requestBody: string;
  declare responseStatus: number | null;
  declare responseBody: string | null;
  declare durationMs: number;
  declare error: string | null;
}

export function defineWebhooksModels(sequelize: Sequelize): void {
  WebhookEndpointRecord.init(
    {
      id: uuidKey(),
      url: varchar(2000),
      description: varchar(200, false, ''),
      events: json(),
      enabled: flag(true),
      disabledReason: oneOf(['failing'], true),
      secretSealed: varchar(255),
      secretHint: varchar(8),
      previousSecretSealed: varchar(255, true),
      previousSecretExpiresAt: moment(true),
      failingSince: moment(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'webhook_endpoints', timestamps: false },
  );
  WebhookEventRecord.init(
    { id: eventId(true), type: varchar(64), body: mediumText(), createdAt: moment() },
    { sequelize, tableName: 'webhook_events', timestamps: false },
  );
  WebhookDeliveryRecord.init(
    {
      id: serialKey(),
      eventId: eventId(),
      endpointId: uuid(),
      status: oneOf(['pending', 'delivered', 'failed'], false, 'pending'),
      attempts: count(false, 0),
      nextAttemptAt: moment(true),
      lockedUntil: moment(true),
      createdAt: moment(),
      deliveredAt: moment(true),
    },
    { sequelize, tableName: 'webhook_deliveries', timestamps: false },
  );
  WebhookAttemptRecord.init(
    {
      id: serialKey(),
      deliveryId: bigId(),
      attempt: count(),
      attemptedAt: moment(),
      requestBody: mediumText(),
      responseStatus: int(true),
      responseBody: text(true),
      durationMs: count(),
      error: varchar(1000, true),
    },
    { sequelize, tableName: 'webhook_delivery_attempts', timestamps: false },
  );
}
