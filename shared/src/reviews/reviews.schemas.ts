import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { ProductSummary } from '../catalog/catalog.schemas';

export const ReviewStatus = z.enum(['pending', 'published', 'rejected', 'flagged']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ReviewInput = z
  .object({
    rating: z.number().int().min(1).max(5),
    title: z.string().trim().min(1, 'Required').max(150),
    body: z.string().trim().min(1, 'Required').max(5000),
  })
  .strict();
export type ReviewInput = z.infer<typeof ReviewInput>;
export const ReviewUpdate = z
  .object({
    rating: z.number().int().min(1).max(5).optional(),
    title: z.string().trim().min(1).max(150).optional(),
    body: z.string().trim().min(1).max(5000).optional(),
  })
  .strict();
export type ReviewUpdate = z.infer<typeof ReviewUpdate>;

/** Title and body are HTML-safe text: every tag is stripped and special characters escaped by the server. */
export const Review = z
  .object({
    id: Id,
    productId: Id,
    rating: z.number().int(),
    title: z.string(),
    body: z.string(),
    author: z.string(),
    verifiedPurchase: z.boolean(),
    helpfulCount: z.number().int(),
    status: ReviewStatus,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Review' });
export type Review = z.infer<typeof Review>;

export const RatingBreakdown = z.object({ average: z.number(), count: z.number().int(), histogram: z.array(z.number().int()).length(5) });
export type RatingBreakdown = z.infer<typeof RatingBreakdown>;
export const ReviewSort = z.enum(['newest', 'highest', 'lowest', 'helpful']);
export type ReviewSort = z.infer<typeof ReviewSort>;
export const ReviewListQuery = PaginationQuery.extend({ sort: ReviewSort.default('newest') }).strict();
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;
export const ReviewList = paginated(Review).extend({ rating: RatingBreakdown });
export type ReviewList = z.infer<typeof ReviewList>;
/** The answer to a helpful vote: the review's new count. */
export const HelpfulCount = z.object({ helpfulCount: z.number().int() });
export type HelpfulCount = z.infer<typeof HelpfulCount>;

export const ReportReview = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export const ModerationNote = z.object({ note: z.string().trim().max(500).optional() }).strict();
export type ModerationNote = z.infer<typeof ModerationNote>;
export const AdminReviewQuery = PaginationQuery.extend({ status: ReviewStatus.optional() }).strict();
export const AdminReview = Review.extend({
  productSlug: z.string(),
  productTitle: z.string(),
  reportCount: z.number().int(),
  moderationNote: z.string().nullable(),
});
export type AdminReview = z.infer<typeof AdminReview>;
export const AdminReviewList = paginated(AdminReview);
export type AdminReviewList = z.infer<typeof AdminReviewList>;

export const WishlistAdd = z.object({ productId: Id, variantId: Id.optional() }).strict();
export type WishlistAdd = z.infer<typeof WishlistAdd>;
export const WishlistItem = z.object({ id: Id, product: ProductSummary, variantId: Id.nullable(), addedAt: z.string() });
export type WishlistItem = z.infer<typeof WishlistItem>;
export const WishlistList = z.object({ items: z.array(WishlistItem) });
export type WishlistList = z.infer<typeof WishlistList>;
export const MoveToCart = z.object({ quantity: z.number().int().min(1).max(1000).default(1) }).strict();
