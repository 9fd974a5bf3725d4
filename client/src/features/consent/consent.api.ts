import type { AnalyticsBatchAccepted, AnalyticsEvent, ConsentChoices, ConsentState } from '@bazaar/shared';
import { api } from '../../api/apiSlice';

export const consentApi = api.injectEndpoints({
  endpoints: (build) => ({
    consent: build.query<ConsentState, void>({ query: () => '/consent', providesTags: ['Consent'] }),
    saveConsent: build.mutation<ConsentState, ConsentChoices>({
      query: (body) => ({ url: '/consent', method: 'PUT', body }),
      invalidatesTags: ['Consent'],
    }),
    // keepalive: a batch sent while the page is being left still arrives.
    sendAnalytics: build.mutation<AnalyticsBatchAccepted, AnalyticsEvent[]>({
      query: (events) => ({ url: '/analytics/events', method: 'POST', body: { events }, keepalive: true }),
    }),
  }),
});
export const { useConsentQuery, useSaveConsentMutation } = consentApi;
