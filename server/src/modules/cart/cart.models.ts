import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import type { GiftCardRecipient } from '@bazaar/shared';
import { count, json, money, moment, uuid, uuidKey, varchar } from '../../db/model-columns';

export class Cart extends Model<InferAttributes<Cart>, InferCreationAttributes<Cart>> {
  declare id: string;
  declare userId: string | null;
  declare couponCode: string | null;
  /** The market the cart is priced in (null: the default market). */
  declare marketCode: CreationOptional<string | null>;
  /** Promotion codes entered, upper-cased. */
  declare promotionCodes: CreationOptional<string[] | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare abandonedAt: Date | null;
}

export class CartItem extends Model<InferAttributes<CartItem>, InferCreationAttributes<CartItem>> {
  declare id: string;
  declare cartId: string;
  declare variantId: string;
  declare quantity: number;
  /** The price the shopper saw when adding: a later change shows as a warning. */
  declare seenUnitPrice: number;
  /** A chosen-amount gift card: the amount the shopper chose, which is the line's unit price. */
  declare chosenPrice: CreationOptional<number | null>;
  /** On a gift-card line: who the card is for. */
  declare giftCard: GiftCardRecipient | null;
  /** Tells apart lines of one variant (gift cards for different recipients); '' for every other line. */
  declare lineKey: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  /** Insertion order (AUTO_INCREMENT, not the key). */
  declare seq: CreationOptional<number>;
}

export function defineCartModels(sequelize: Sequelize): void {
  Cart.init(
    {
      id: uuidKey(),
      userId: uuid(true),
      couponCode: varchar(64, true),
      marketCode: varchar(32, true),
      promotionCodes: json(true),
      createdAt: moment(),
      updatedAt: moment(),
      abandonedAt: moment(true),
    },
    { sequelize, tableName: 'carts', timestamps: true },
  );
  CartItem.init(
    {
      id: uuidKey(),
      cartId: uuid(),
      variantId: uuid(),
      quantity: count(),
      seenUnitPrice: money(),
      chosenPrice: money(true),
      giftCard: json(true),
      lineKey: { type: DataTypes.CHAR(64).BINARY, allowNull: false, defaultValue: '' },
      createdAt: moment(),
      seq: { type: DataTypes.BIGINT.UNSIGNED, allowNull: false, autoIncrement: true },
    },
    { sequelize, tableName: 'cart_items', timestamps: true, updatedAt: false },
  );
  Cart.hasMany(CartItem, { as: 'items', foreignKey: 'cartId' });
}
