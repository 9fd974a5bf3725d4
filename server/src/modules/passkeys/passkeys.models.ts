import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { count, flag, json, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';

export const PASSKEY_DEVICE_TYPES = ['singleDevice', 'multiDevice'] as const;
export type PasskeyDeviceType = (typeof PASSKEY_DEVICE_TYPES)[number];

/** One WebAuthn credential of one account. */
export class PasskeyRow extends Model<InferAttributes<PasskeyRow>, InferCreationAttributes<PasskeyRow>> {
  declare id: string;
  declare userId: string;
  /** base64url, as the browser reports it (`credential.id`). */
  declare credentialId: string;
  /** The COSE-encoded public key. */
  declare publicKey: Buffer;
  declare counter: CreationOptional<number>;
  declare transports: string[];
  declare deviceType: PasskeyDeviceType;
  declare backedUp: CreationOptional<boolean>;
  declare name: string;
  declare createdAt: Date;
  declare lastUsedAt: Date | null;
}

export function definePasskeysModels(sequelize: Sequelize): void {
  PasskeyRow.init(
    {
      id: uuidKey(),
      userId: uuid(),
      credentialId: { type: DataTypes.STRING(1400).BINARY, allowNull: false },
      publicKey: { type: DataTypes.BLOB, allowNull: false },
      counter: count(false, 0),
      transports: json(),
      deviceType: oneOf(PASSKEY_DEVICE_TYPES),
      backedUp: flag(false),
      name: varchar(60),
      createdAt: moment(),
      lastUsedAt: moment(true),
    },
    { sequelize, tableName: 'passkeys', timestamps: false },
  );
}
