import type { AnalyticsEvent } from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import { toStoredEvent, type AnalyticsRepository } from './analytics.repository';
import type { ConsentService } from './consent.service';
import type { VisitorIdentity } from './visitor';

/** Shopper events: accepted only with analytics consent, stamped with the server's clock. */
export class AnalyticsService {
  constructor(
    private readonly consent: ConsentService,
    private readonly events: AnalyticsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a batch. `visitorIdFor` gives the browser's visitor id, making one when the consent
   * was found through the account (given on another device) and this browser has none yet.
   */
  async record(who: VisitorIdentity, batch: AnalyticsEvent[], visitorIdFor: () => string): Promise<number> {
    await this.consent.assertAnalytics(who);
    const owner = { visitorId: who.visitorId ?? visitorIdFor(), userId: who.userId ?? null };
    const now = this.clock.now();
    await this.events.insert(batch.map((e) => toStoredEvent(e, owner, now)));
    return batch.length;
  }
}
