import type { HelpfulCount, Review, ReviewInput, ReviewList, ReviewSort } from '@bazaar/shared';
import { api } from '../../api/apiSlice';

export const reviewsApi = api.injectEndpoints({
  endpoints: (build) => ({
    reviews: build.query<ReviewList, { slug: string; sort: ReviewSort }>({
      query: ({ slug, sort }) => `/products/${slug}/reviews?sort=${sort}&limit=20`,
      providesTags: ['Reviews'],
    }),
    writeReview: build.mutation<Review, { slug: string } & ReviewInput>({
      query: ({ slug, ...body }) => ({ url: `/products/${slug}/reviews`, method: 'POST', body }),
      invalidatesTags: ['Reviews'],
    }),
    markHelpful: build.mutation<HelpfulCount, string>({
      query: (id) => ({ url: `/reviews/${id}/helpful`, method: 'POST' }),
      invalidatesTags: ['Reviews'],
    }),
  }),
});
export const { useReviewsQuery, useWriteReviewMutation, useMarkHelpfulMutation } = reviewsApi;
