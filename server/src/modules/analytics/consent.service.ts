import type { ConsentChoices, ConsentState } from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { ConsentRecord, ConsentRepository } from './consent.repository';
import type { VisitorIdentity } from './visitor';

export const consentRequired = () =>
  new AppError('CONSENT_REQUIRED', 'Analytics events are recorded only with the analytics consent (PUT /api/v1/consent).');

/** The shopper's cookie choices under the current policy version. */
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly clock: Clock,
    private readonly policyVersion: string,
  ) {}

  /** The newest choice, if it was made under the current policy (an older policy's choice no longer counts). */
  private async current(who: VisitorIdentity): Promise<ConsentRecord | undefined> {
    const latest = await this.consents.latest(who);
    return latest?.policyVersion === this.policyVersion ? latest : undefined;
  }

  async get(who: VisitorIdentity): Promise<ConsentState> {
    const c = await this.current(who);
    return {
      necessary: true,
      analytics: c?.analytics ?? false,
      marketing: c?.marketing ?? false,
      policyVersion: this.policyVersion,
      decided: c !== undefined,
      decidedAt: c ? c.decidedAt.toISOString() : null,
    };
  }

  async set(who: Required<Pick<VisitorIdentity, 'visitorId'>> & VisitorIdentity, choices: ConsentChoices): Promise<ConsentState> {
    await this.consents.append({
      visitorId: who.visitorId,
      userId: who.userId ?? null,
      analytics: choices.analytics,
      marketing: choices.marketing,
      policyVersion: this.policyVersion,
      decidedAt: this.clock.now(),
    });
    return this.get(who);
  }

  /** Throws 403 CONSENT_REQUIRED unless the shopper agreed to analytics under the current policy. */
  async assertAnalytics(who: VisitorIdentity): Promise<void> {
    if (!(await this.current(who))?.analytics) throw consentRequired();
  }
}
