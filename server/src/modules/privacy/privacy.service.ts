import type { DataExport, ErasureResult } from '@bazaar/shared';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { conflict, notFound, validationFailed } from '../../lib/errors';
import {
  toMe,
  type AccountService,
  type PasswordHasher,
  type RequestMeta,
  type SessionRepository,
  type UserRecord,
  type UserRepository,
} from '../accounts';
import { toApiEvent, type AnalyticsRepository, type ConsentRepository } from '../analytics';
import type { AuditService } from '../audit';
import { toOrderDto, type OrderRepository } from '../orders';
import { erasedEmail, type PrivacyRepository } from './privacy.repository';

export interface PrivacyDeps {
  db: Db;
  clock: Clock;
  users: UserRepository;
  hasher: PasswordHasher;
  sessions: SessionRepository;
  accounts: AccountService;
  audit: AuditService;
  orders: OrderRepository;
  analytics: AnalyticsRepository;
  consents: ConsentRepository;
  privacy: PrivacyRepository;
  /** The account's linked provider identities and passkeys, from the modules that own them (the container wires them). */
  signInMethods: (userId: string) => Promise<DataExport['signInMethods']>;
}

/** Who asked: the person themselves or a member of staff (for the audit log). */
interface Requester extends RequestMeta {
  actorUserId: string;
  /** The session asking, to mark it in the sessions list. */
  sessionId?: string;
}

const auditContext = (by: Requester, targetUserId: string) => ({
  ip: by.ip,
  userAgent: by.userAgent,
  actorUserId: by.actorUserId,
  targetUserId,
});

/** GDPR: a person's data as one JSON document, and erasure that keeps the books (orders) intact. */
export class PrivacyService {
  constructor(private readonly d: PrivacyDeps) {}

  private async user(userId: string): Promise<UserRecord> {
    const user = await this.d.users.findById(userId);
    if (!user) throw notFound('The user');
    return user;
  }

  async exportData(userId: string, by: Requester): Promise<DataExport> {
    const user = await this.user(userId);
    const visitorIds = await this.d.analytics.visitorIdsOfUser(userId);
    const [times, addresses, orderRows, giftCardsBought, reviews, wishlist, consents, events, sessions, securityEvents, signInMethods] =
      await Promise.all([
        this.d.privacy.profileTimes(userId),
        this.d.accounts.listAddresses(userId),
        this.d.privacy.ordersOf(userId),
        this.d.privacy.giftCardsBoughtBy(userId),
        this.d.privacy.reviewsOf(userId),
        this.d.privacy.wishlistOf(userId),
        this.d.consents.historyOf(userId, visitorIds),
        this.d.analytics.eventsOf(userId, visitorIds),
        this.d.accounts.listSessions(userId, by.sessionId ?? ''),
        this.d.privacy.securityEventsOf(userId),
        this.d.signInMethods(userId),
      ]);
    const { permissions: _permissions, ...profile } = toMe(user);
    const orders = await Promise.all(
      orderRows.map(async (o) => {
        const history = await this.d.orders.history(o.id);
        return toOrderDto(o, history.items, history);
      }),
    );
    await this.d.audit.record('data_exported', auditContext(by, userId));
    return {
      format: 'bazaar-data-export',
      version: 1,
      exportedAt: this.d.clock.now().toISOString(),
      profile: { ...profile, ...times },
      addresses,
      orders,
      giftCardsBought,
      reviews,
      wishlist,
      consent: consents.map((c) => ({
        necessary: true,
        analytics: c.analytics,
        marketing: c.marketing,
        policyVersion: c.policyVersion,
        decidedAt: c.decidedAt.toISOString(),
      })),
      analyticsEvents: events.map((e) => ({ occurredAt: e.occurredAt.toISOString(), event: toApiEvent(e) })),
      sessions,
      signInMethods,
      securityEvents,
    };
  }

  /** The shopper's own erasure: the password again, so a session left open is not enough. */
  async eraseSelf(userId: string, password: string, meta: RequestMeta): Promise<ErasureResult> {
    const user = await this.user(userId);
    if (!user.passwordHash || !(await this.d.hasher.verify(password, user.passwordHash))) {
      throw validationFailed([{ path: 'password', message: 'Not your current password' }], 'The password is not correct.');
    }
    return this.erase(userId, { ...meta, actorUserId: userId });
  }

  /** Staff erasure: the account's email typed again as confirmation. */
  async adminErase(targetId: string, confirmEmail: string, by: Requester): Promise<ErasureResult> {
    const user = await this.user(targetId);
    if (confirmEmail.trim().toLowerCase() !== user.email) {
      throw validationFailed(
        [{ path: 'confirm', message: "Type the account's email address to confirm" }],
        "The confirmation does not match the account's email address.",
      );
    }
    return this.erase(targetId, by);
  }

  /**
   * One transaction: analytics, consent, addresses, sessions, tokens, wishlist and cart are deleted;
   * orders, reviews and the account row are kept and anonymised; the erasure is audit-logged.
   */
  private async erase(userId: string, by: Requester): Promise<ErasureResult> {
    const now = this.d.clock.now();
    const placeholder = erasedEmail(userId);
    const result = await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.findById(userId, tx, true);
      if (!user) throw notFound('The user');
      if (user.erasedAt) throw conflict('This account has already been erased.');
      if (user.role !== 'customer') throw conflict('Staff accounts cannot be erased: change the role to customer first.');
      const visitorIds = await this.d.analytics.visitorIdsOfUser(userId, tx);
      const analyticsEventsDeleted = await this.d.analytics.deleteEventsOf(userId, visitorIds, tx);
      await this.d.consents.deleteOf(userId, visitorIds, tx);
      await this.d.privacy.deleteOwnedRows(userId, tx);
      await this.d.privacy.deleteQueuedEmailsTo(user.email, tx);
      const ordersAnonymised = await this.d.privacy.anonymiseOrders(userId, placeholder, tx);
      const reviewsAnonymised = await this.d.privacy.countReviews(userId, tx);
      await this.d.privacy.anonymiseUser(userId, placeholder, now, tx);
      const sessionsRevoked = await this.d.sessions.revokeForUser(userId, undefined, tx);
      const counts = { ordersAnonymised, reviewsAnonymised, analyticsEventsDeleted };
      await this.d.audit.record(
        'account_erased',
        auditContext(by, userId),
        { ...counts, sessionsRevoked, byStaff: by.actorUserId !== userId },
        tx,
      );
      return counts;
    });
    return { userId, erasedAt: now.toISOString(), ...result };
  }
}
