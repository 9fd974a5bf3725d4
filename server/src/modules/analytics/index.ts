export { AnalyticsRepository, normaliseSearch, toApiEvent, type StoredEvent } from './analytics.repository';
export { AnalyticsService } from './analytics.service';
export { registerAnalyticsRoutes } from './analytics.routes';
export { ConsentRepository, type ConsentRecord } from './consent.repository';
export { ConsentService } from './consent.service';
export { RollupRepository } from './rollup.repository';
export { AnalyticsRollupService, CART_ABANDONED_AFTER_MS } from './rollup.service';
export { visitorCookie, type VisitorCookie, type VisitorIdentity } from './visitor';
export {
  AnalyticsDay,
  AnalyticsDayProduct,
  AnalyticsDaySearch,
  AnalyticsEventRecord,
  Consent,
  defineAnalyticsModels,
} from './analytics.models';
