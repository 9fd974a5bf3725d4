import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { char, count, flag, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';

export class Role extends Model<InferAttributes<Role>, InferCreationAttributes<Role>> {
  declare id: string;
  declare name: string;
}

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: string;
  declare email: string;
  declare passwordHash: string | null;
  declare name: CreationOptional<string>;
  declare roleId: CreationOptional<string>;
  declare emailVerifiedAt: Date | null;
  declare failedLoginCount: CreationOptional<number>;
  declare lockoutCount: CreationOptional<number>;
  declare lockedUntil: Date | null;
  declare disabledAt: Date | null;
  declare erasedAt: Date | null;
  declare mfaSecretEnc: string | null;
  declare mfaPendingSecretEnc: string | null;
  declare mfaEnabledAt: Date | null;
  declare mfaLastStep: number | null;
  declare passwordChangedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Address extends Model<InferAttributes<Address>, InferCreationAttributes<Address>> {
  declare id: string;
  declare userId: string;
  declare name: string;
  declare line1: string;
  declare line2: string | null;
  declare city: string;
  declare region: string | null;
  declare postalCode: string;
  declare country: string;
  declare phone: string | null;
  declare isDefault: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** express-mysql-session's table; `userId` is generated from the session JSON (never written). */
export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  declare sessionId: string;
  declare expires: number;
  declare data: string | null;
  declare userId: CreationOptional<string | null>;
}

export type UserTokenPurpose = 'verify_email' | 'password_reset' | 'link_identity';

export class UserToken extends Model<InferAttributes<UserToken>, InferCreationAttributes<UserToken>> {
  declare id: string;
  declare userId: string;
  declare purpose: UserTokenPurpose;
  declare tokenHash: string;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export class RefreshToken extends Model<InferAttributes<RefreshToken>, InferCreationAttributes<RefreshToken>> {
  declare id: string;
  declare userId: string;
  declare familyId: string;
  declare tokenHash: string;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  declare revokedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export class MfaRecoveryCode extends Model<InferAttributes<MfaRecoveryCode>, InferCreationAttributes<MfaRecoveryCode>> {
  declare id: string;
  declare userId: string;
  declare codeHash: string;
  declare usedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

/** express-rate-limit counters shared by every server process. */
export class RateLimit extends Model<InferAttributes<RateLimit>, InferCreationAttributes<RateLimit>> {
  declare key: string;
  declare hits: CreationOptional<number>;
  declare resetAt: Date;
}

/** A device family and network (as one digest) an account has signed in from. */
export class KnownDevice extends Model<InferAttributes<KnownDevice>, InferCreationAttributes<KnownDevice>> {
  declare userId: string;
  declare deviceHash: string;
  declare firstSeenAt: Date;
  declare lastSeenAt: Date;
}

export function defineAccountsModels(sequelize: Sequelize): void {
  const createdOnly = { sequelize, timestamps: true, updatedAt: false } as const;
  Role.init({ id: { ...varchar(32), primaryKey: true }, name: varchar(64) }, { sequelize, tableName: 'roles', timestamps: false });
  User.init(
    {
      id: uuidKey(),
      email: varchar(254),
      passwordHash: varchar(100, true),
      name: varchar(120, false, ''),
      roleId: varchar(32, false, 'customer'),
      emailVerifiedAt: moment(true),
      failedLoginCount: count(false, 0),
      lockoutCount: count(false, 0),
      lockedUntil: moment(true),
      disabledAt: moment(true),
      erasedAt: moment(true),
      mfaSecretEnc: varchar(255, true),
      mfaPendingSecretEnc: varchar(255, true),
      mfaEnabledAt: moment(true),
      mfaLastStep: { type: DataTypes.BIGINT, allowNull: true },
      passwordChangedAt: moment(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'users', timestamps: true },
  );
  Address.init(
    {
      id: uuidKey(),
      userId: uuid(),
      name: varchar(120),
      line1: varchar(200),
      line2: varchar(200, true),
      city: varchar(100),
      region: varchar(100, true),
      postalCode: varchar(20),
      country: char(2),
      phone: varchar(32, true),
      isDefault: flag(false),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'addresses', timestamps: true },
  );
  Session.init(
    {
      sessionId: { ...varchar(128), primaryKey: true },
      expires: count(),
      data: { type: DataTypes.TEXT('medium'), allowNull: true },
      userId: { type: DataTypes.CHAR(36), allowNull: true },
    },
    { sequelize, tableName: 'sessions', timestamps: false },
  );
  UserToken.init(
    {
      id: uuidKey(),
      userId: uuid(),
      purpose: oneOf(['verify_email', 'password_reset', 'link_identity']),
      tokenHash: char(64),
      expiresAt: moment(),
      usedAt: moment(true),
      createdAt: moment(),
    },
    { ...createdOnly, tableName: 'user_tokens' },
  );
  RefreshToken.init(
    {
      id: uuidKey(),
      userId: uuid(),
      familyId: uuid(),
      tokenHash: char(64),
      expiresAt: moment(),
      usedAt: moment(true),
      revokedAt: moment(true),
      createdAt: moment(),
    },
    { ...createdOnly, tableName: 'refresh_tokens' },
  );
  MfaRecoveryCode.init(
    { id: uuidKey(), userId: uuid(), codeHash: char(64), usedAt: moment(true), createdAt: moment() },
    { ...createdOnly, tableName: 'mfa_recovery_codes' },
  );
  RateLimit.init(
    { key: { ...varchar(191), primaryKey: true }, hits: count(false, 0), resetAt: moment() },
    { sequelize, tableName: 'rate_limits', timestamps: false },
  );
  KnownDevice.init(
    { userId: uuid(false, true), deviceHash: { ...char(64), primaryKey: true }, firstSeenAt: moment(), lastSeenAt: moment() },
    { sequelize, tableName: 'known_devices', timestamps: false },
  );
}
