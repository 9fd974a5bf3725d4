import type { RequestHandler } from 'express';
import {
  AdminReviewList,
  AdminReviewQuery,
  Cart,
  IdParams,
  ModerationNote,
  MoveToCart,
  ReportReview,
  Review,
  ReviewInput,
  ReviewList,
  ReviewListQuery,
  ReviewUpdate,
  SlugParams,
  WishlistAdd,
  WishlistItem,
  WishlistList,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { ReviewService } from './reviews.service';
import type { WishlistService } from './wishlist.service';

export function registerReviewRoutes(api: ApiRegistry, reviews: ReviewService, wishlist: WishlistService, limits: RequestHandler[]): void {
  const tags = ['reviews'];
  api.route({
    method: 'get',
    path: '/products/:slug/reviews',
    summary: 'Published reviews with the rating breakdown',
    tags,
    request: { params: SlugParams, query: ReviewListQuery },
    response: ReviewList,
    handler: ({ params, query }) => reviews.list(params.slug, query),
  });
  api.route({
    method: 'post',
    path: '/products/:slug/reviews',
    summary: 'Review a product (one per customer; 409 for a second)',
    tags,
    auth: 'user',
    guards: limits,
    request: { params: SlugParams, body: ReviewInput },
    response: Review,
    handler: ({ params, body }, req) => reviews.create(params.slug, currentUser(req).id, body),
  });
  api.route({
    method: 'patch',
    path: '/reviews/:id',
    summary: 'Edit own review (it goes back through moderation)',
    tags,
    auth: 'user',
    guards: limits,
    request: { params: IdParams, body: ReviewUpdate },
    response: Review,
    handler: ({ params, body }, req) => reviews.update(params.id, currentUser(req).id, body),
  });
  api.route({
    method: 'delete',
    path: '/reviews/:id',
    summary: 'Delete own review',
    tags,
    auth: 'user',
    status: 204,
    request: { params: IdParams },
    handler: ({ params }, req) => reviews.remove(params.id, currentUser(req).id),
  });
  api.route({
    method: 'post',
    path: '/reviews/:id/helpful',
    summary: 'Mark a review helpful (one vote per user)',
    tags,
    auth: 'user',
    status: 200,
    request: { params: IdParams },
    response: z.object({ helpfulCount: z.number().int() }),
    handler: ({ params }, req) => reviews.markHelpful(params.id, currentUser(req).id),
  });
  api.route({
    method: 'post',
    path: '/reviews/:id/report',
    summary: 'Report a review to the moderators',
    tags,
    auth: 'user',
    guards: limits,
    status: 202,
    request: { params: IdParams, body: ReportReview },
    response: z.object({ status: z.literal('received') }),
    handler: async ({ params, body }, req) => {
      await reviews.report(params.id, currentUser(req).id, body.reason);
      return { status: 'received' as const };
    },
  });

  const admin = ['admin: reviews'];
  api.route({
    method: 'get',
    path: '/admin/reviews',
    summary: 'The moderation queue (pending and flagged by default)',
    tags: admin,
    permission: 'reviews:moderate',
    request: { query: AdminReviewQuery },
    response: AdminReviewList,
    handler: ({ query }) => reviews.queue(query.status, query.page, query.limit),
  });
  api.route({
    method: 'post',
    path: '/admin/reviews/:id/publish',
    summary: 'Publish a review',
    tags: admin,
    permission: 'reviews:moderate',
    status: 200,
    request: { params: IdParams, body: ModerationNote },
    response: Review,
    handler: ({ params, body }) => reviews.moderate(params.id, 'published', body.note),
  });
  api.route({
    method: 'post',
    path: '/admin/reviews/:id/reject',
    summary: 'Reject a review, with a note',
    tags: admin,
    permission: 'reviews:moderate',
    status: 200,
    request: { params: IdParams, body: ModerationNote },
    response: Review,
    handler: ({ params, body }) => reviews.moderate(params.id, 'rejected', body.note),
  });
  api.route({
    method: 'delete',
    path: '/admin/reviews/:id',
    summary: 'Delete a review',
    tags: admin,
    permission: 'reviews:moderate',
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => reviews.remove(params.id, null),
  });

  const me = ['wishlist'];
  api.route({
    method: 'get',
    path: '/me/wishlist',
    summary: 'My wishlist',
    tags: me,
    auth: 'user',
    response: WishlistList,
    handler: async (_i, req) => ({ items: await wishlist.list(currentUser(req).id) }),
  });
  api.route({
    method: 'post',
    path: '/me/wishlist',
    summary: 'Add a product (or one variant) to my wishlist',
    tags: me,
    auth: 'user',
    request: { body: WishlistAdd },
    response: WishlistItem,
    handler: async ({ body }, req, res) => {
      const { item, created } = await wishlist.add(currentUser(req).id, body.productId, body.variantId);
      res.status(created ? 201 : 200).json(item);
    },
  });
  api.route({
    method: 'delete',
    path: '/me/wishlist/:id',
    summary: 'Remove from my wishlist',
    tags: me,
    auth: 'user',
    status: 204,
    request: { params: IdParams },
    handler: ({ params }, req) => wishlist.remove(currentUser(req).id, params.id),
  });
  api.route({
    method: 'post',
    path: '/me/wishlist/:id/move-to-cart',
    summary: 'Move a wishlist item into the cart',
    tags: me,
    auth: 'user',
    status: 200,
    request: { params: IdParams, body: MoveToCart },
    response: Cart,
    handler: ({ params, body }, req) => wishlist.moveToCart(currentUser(req).id, params.id, body.quantity),
  });
}
