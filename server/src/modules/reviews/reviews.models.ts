import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { count, flag, moment, oneOf, text, uuid, uuidKey, varchar } from '../../db/model-columns';

export type ReviewStatus = 'pending' | 'published' | 'rejected' | 'flagged';

export class Review extends Model<InferAttributes<Review>, InferCreationAttributes<Review>> {
  declare id: string;
  declare productId: string;
  declare userId: string;
  declare rating: number;
  declare title: string;
  declare body: string;
  declare status: ReviewStatus;
  declare verifiedPurchase: CreationOptional<boolean>;
  declare moderationNote: string | null;
  declare helpfulCount: CreationOptional<number>;
  declare reportCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReviewVote extends Model<InferAttributes<ReviewVote>, InferCreationAttributes<ReviewVote>> {
  declare reviewId: string;
  declare userId: string;
  declare createdAt: CreationOptional<Date>;
}

export class ReviewReport extends Model<InferAttributes<ReviewReport>, InferCreationAttributes<ReviewReport>> {
  declare reviewId: string;
  declare userId: string;
  declare reason: string | null;
  declare createdAt: CreationOptional<Date>;
}

export class WishlistItem extends Model<InferAttributes<WishlistItem>, InferCreationAttributes<WishlistItem>> {
  declare id: string;
  declare userId: string;
  declare productId: string;
  declare variantId: string | null;
  /** The variant or '' (a unique key cannot treat NULLs as equal). */
  declare variantKey: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
}

export function defineReviewsModels(sequelize: Sequelize): void {
  const createdOnly = { sequelize, timestamps: true, updatedAt: false } as const;
  Review.init(
    {
      id: uuidKey(),
      productId: uuid(),
      userId: uuid(),
      rating: { type: DataTypes.TINYINT.UNSIGNED, allowNull: false },
      title: varchar(150),
      body: text(),
      status: oneOf(['pending', 'published', 'rejected', 'flagged']),
      verifiedPurchase: flag(false),
      moderationNote: varchar(500, true),
      helpfulCount: count(false, 0),
      reportCount: count(false, 0),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'reviews', timestamps: true },
  );
  ReviewVote.init(
    { reviewId: uuid(false, true), userId: uuid(false, true), createdAt: moment() },
    { ...createdOnly, tableName: 'review_votes' },
  );
  ReviewReport.init(
    { reviewId: uuid(false, true), userId: uuid(false, true), reason: varchar(500, true), createdAt: moment() },
    { ...createdOnly, tableName: 'review_reports' },
  );
  WishlistItem.init(
    {
      id: uuidKey(),
      userId: uuid(),
      productId: uuid(),
      variantId: uuid(true),
      variantKey: varchar(36, false, ''),
      createdAt: moment(),
    },
    { ...createdOnly, tableName: 'wishlist_items' },
  );
}
