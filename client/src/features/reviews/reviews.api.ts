import type { Review } from '@bazaar/shared';
import { api } from '../../api/apiSlice';

interface ReviewPage {
  items: Review[];
  total: number;
  rating: { average: number; count: number; histogram: number[] };
}

export const reviewsApi = api.injectEndpoints({
  endpoints: (build) => ({
    reviews: build.query<ReviewPage, { slug: string; sort: string }>({
      query: ({ slug, sort }) => `/products/${slug}/reviews?sort=${sort}&limit=20`,
      providesTags: ['Reviews'],
    }),
    writeReview: build.mutation<Review, { slug: string; rating: number; title: string; body: string }>({
      query: ({ slug, ...body }) => ({ url: `/products/${slug}/reviews`, method: 'POST', body }),
      invalidatesTags: ['Reviews'],
    }),
    markHelpful: build.mutation<{ helpfulCount: number }, string>({
      query: (id) => ({ url: `/reviews/${id}/helpful`, method: 'POST' }),
      invalidatesTags: ['Reviews'],
    }),
  }),
});
export const { useReviewsQuery, useWriteReviewMutation, useMarkHelpfulMutation } = reviewsApi;
