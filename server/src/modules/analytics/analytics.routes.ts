import type { RequestHandler } from 'express';
import { AnalyticsBatchAccepted, AnalyticsEventBatch, ConsentChoices, ConsentState } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { AnalyticsService } from './analytics.service';
import type { ConsentService } from './consent.service';
import type { VisitorCookie } from './visitor';

export interface AnalyticsRouteDeps {
  consent: ConsentService;
  analytics: AnalyticsService;
  visitors: VisitorCookie;
  rateLimit: RequestHandler;
}

export function registerAnalyticsRoutes(api: ApiRegistry, d: AnalyticsRouteDeps): void {
  const tags = ['analytics'];
  api.route({
    method: 'get',
    path: '/consent',
    summary: "The shopper's cookie choices under the current policy (undecided: everything but necessary is off)",
    tags,
    response: ConsentState,
    handler: (_i, req) => d.consent.get(d.visitors.identity(req)),
  });
  api.route({
    method: 'put',
    path: '/consent',
    summary: "Record the shopper's choices (guests too); sets the httpOnly visitor cookie that remembers them",
    tags,
    request: { body: ConsentChoices },
    response: ConsentState,
    handler: ({ body }, req, res) => d.consent.set({ ...d.visitors.identity(req), visitorId: d.visitors.ensure(req, res, true) }, body),
  });
  api.route({
    method: 'post',
    path: '/analytics/events',
    summary: 'A batch of 1–50 shopper events; 403 CONSENT_REQUIRED without analytics consent; rate-limited per IP',
    tags,
    status: 202,
    guards: [d.rateLimit],
    request: { body: AnalyticsEventBatch },
    response: AnalyticsBatchAccepted,
    handler: async ({ body }, req, res) => ({
      accepted: await d.analytics.record(d.visitors.identity(req), body.events, () => d.visitors.ensure(req, res)),
    }),
  });
}
