import { createHash, randomInt } from 'node:crypto';
import type {
  AdminGiftCard,
  BalanceEntry,
  GiftCardBalance,
  GiftCardIssue,
  GiftCardRecipient,
  IssuedGiftCard,
  StoreCredit,
} from '@bazaar/shared';
import { formatMoney } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { AuditService } from '../audit';
import { giftCardMessage, type Mailer } from '../email';
import type { JobQueue } from '../jobs';
import type { AccountRecord, BalancesRepository, LedgerRecord, Movement } from './balances.repository';

/** Unambiguous letters and digits (no 0/O, 1/I/L): a code read over the phone still works. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 20;

/** Codes are compared case- and separator-insensitively; only their hash is stored. */
const normaliseGiftCardCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashCode = (code: string) => createHash('sha256').update(normaliseGiftCardCode(code)).digest('hex');

const newCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
/** As shown to people: five groups of four. */
const groupCode = (code: string) => code.match(/.{4}/g)!.join('-');

/** The one answer to a code that does not work, whatever the reason: it tells a guesser nothing. */
const invalidCode = () => notFound('This gift card code');

/** The job that makes a bought card's code and emails it to the recipient, at the card's send date. */
export const GIFT_CARD_DELIVERY_JOB = 'giftcards.deliver';

/** The gift cards a paid order bought: one card per unit of each line. */
export interface GiftCardPurchase {
  orderId: string;
  currency: string;
  /** Who the cards are from, as the recipients read it (the buyer's name). */
  from: string;
  lines: { orderItemId: string; amount: number; quantity: number; recipient: GiftCardRecipient; sendAt: Date }[];
}

/** Units of a gift-card line being refunded: that many of its cards are taken back. */
export interface GiftCardTakeBack {
  orderId: string;
  orderItemId: string;
  quantity: number;
  /** What one unit of the line paid: each card taken back must still hold at least this much. */
  value: number;
  /** Where a refusal points in the request (`lines.0.quantity`). */
  path: string;
}

/** What the delivery job carries: no code (it is made when the card is sent) and nothing the card row does not need. */
export interface GiftCardDelivery {
  giftCardId: string;
  from: string;
  recipientName?: string;
  message?: string;
  /** Set by erasure of the buyer's account: the card drops its recipient's address once it is sent. */
  forgetRecipient?: boolean;
}

/** Who a bought card is "from" once the buyer's account is erased. */
export const ERASED_GIFT_CARD_SENDER = 'A Bazaar shopper';

/** Where the purchase side of gift cards points people: the shop, for the recipient's email. */
export interface GiftCardMail {
  mailer: Mailer;
  jobs: JobQueue;
  shopUrl: string;
}

/**
 * Store credit and gift cards. Every change of a balance is a movement: the account's row is locked,
 * the new balance may not go below zero (and the database refuses it if it did), and the balance
 * and its ledger row are written together, so the ledger always sums to the balance.
 */
export class BalancesService {
  constructor(
    private readonly db: Db,
    private readonly balances: BalancesRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly currency: string,
    private readonly mail: GiftCardMail,
  ) {}

  /** Applies one movement in `tx`; 409 INSUFFICIENT_BALANCE when it would take the balance below zero. */
  async move(accountId: string, movement: Omit<Movement, 'at'>, tx: Transaction): Promise<number> {
    const balance = await this.balances.lockBalance(accountId, tx);
    if (balance === undefined) throw notFound('The balance');
    const after = balance + movement.delta;
    if (after < 0)
      throw new AppError('CONFLICT', `Only ${balance} is left on this balance.`, [{ path: 'amount', message: `At most ${balance}` }]);
    await this.balances.record(accountId, after, { ...movement, at: this.clock.now() }, tx);
    return after;
  }

  // --- store credit ------------------------------------------------------------------------

  async storeCredit(userId: string): Promise<StoreCredit> {
    const account = await this.balances.storeCreditOf(userId);
    if (!account) return { balance: this.money(0), entries: [] };
    return {
      balance: this.money(account.balance, account.currency),
      entries: (await this.balances.entries(account.id, 100)).map((e) => this.entry(e, account)),
    };
  }

  /** Staff credit or debit a customer's store credit (audited); the answer is the account afterwards. */
  async adjustStoreCredit(userId: string, amount: number, note: string, actorUserId: string): Promise<StoreCredit> {
    // One transaction: a refused debit leaves no empty account behind.
    await this.db.transaction(async (tx) => {
      const account = await this.storeCreditAccount(userId, tx);
      await this.move(
        account.id,
        { delta: amount, reason: amount > 0 ? 'issued' : 'adjustment', actorUserId, note, referenceType: 'admin' },
        tx,
      );
      await this.audit.record('store_credit_adjusted', { actorUserId, targetUserId: userId }, { amount, currency: account.currency }, tx);
    });
    return this.storeCredit(userId);
  }

  private async storeCreditAccount(userId: string, tx: Transaction): Promise<AccountRecord> {
    const account = this.newAccount({ kind: 'store_credit', userId });
    await this.balances.insert(account, tx, true);
    return (await this.balances.storeCreditOf(userId, tx))!;
  }

  private newAccount(a: Pick<AccountRecord, 'kind'> & Partial<Omit<AccountRecord, 'id' | 'balance' | 'currency' | 'createdAt'>>) {
    return {
      id: newId(),
      userId: null,
      codeHash: null,
      codeLast4: null,
      expiresAt: null,
      recipientEmail: null,
      createdBy: null,
      orderId: null,
      orderItemId: null,
      sendAt: null,
      revokedAt: null,
      ...a,
      currency: this.currency,
      createdAt: this.clock.now(),
    };
  }

  // --- gift cards --------------------------------------------------------------------------

  /** A new card: its code is returned this once (it is stored hashed). */
  async issueGiftCard(input: GiftCardIssue, actorUserId: string): Promise<IssuedGiftCard> {
    const code = newCode();
    const account = this.newAccount({
      kind: 'gift_card',
      codeHash: hashCode(code),
      codeLast4: code.slice(-4),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      recipientEmail: input.recipientEmail ?? null,
      createdBy: actorUserId,
    });
    const { id } = account;
    // The card and its first movement together: a failure leaves no empty card behind.
    await this.db.transaction(async (tx) => {
      await this.balances.insert(account, tx);
      await this.move(id, { delta: input.amount, reason: 'issued', actorUserId, referenceType: 'admin' }, tx);
      await this.audit.record('gift_card_issued', { actorUserId }, { giftCardId: id, amount: input.amount, currency: this.currency }, tx);
    });
    const card = (await this.balances.byId(id))!;
    return { ...this.giftCard(card), code: groupCode(code) };
  }

  /**
   * An order was paid (in its transaction): one card per unit bought, in the order's currency, for
   * the line's recipient and linked to the order. A card has no code yet: the delivery job makes it
   * and emails it on the send date, so no usable code waits anywhere in the meantime.
   */
  async issuePurchased(purchase: GiftCardPurchase, tx: Transaction): Promise<void> {
    for (const line of purchase.lines) {
      for (let unit = 0; unit < line.quantity; unit++) {
        const account = {
          ...this.newAccount({
            kind: 'gift_card',
            recipientEmail: line.recipient.recipientEmail,
            orderId: purchase.orderId,
            orderItemId: line.orderItemId,
          }),
          currency: purchase.currency,
          sendAt: line.sendAt,
        };
        await this.balances.insert(account, tx);
        await this.move(account.id, { delta: line.amount, reason: 'issued', referenceType: 'purchase', referenceId: purchase.orderId }, tx);
        const delivery: GiftCardDelivery = {
          giftCardId: account.id,
          from: purchase.from,
          ...(line.recipient.recipientName ? { recipientName: line.recipient.recipientName } : {}),
          ...(line.recipient.message ? { message: line.recipient.message } : {}),
        };
        await this.mail.jobs.enqueue(GIFT_CARD_DELIVERY_JOB, delivery, { runAt: line.sendAt, maxAttempts: 8 }, tx);
      }
    }
  }

  /**
   * A bought card's send date came: its code is made and emailed to the recipient, in one
   * transaction. Run again (a retry after a crash), a card that has its code sends nothing more; a
   * card emptied meanwhile (its order was refunded) is not sent at all.
   */
  async deliverGiftCard(delivery: GiftCardDelivery): Promise<'sent' | 'skipped'> {
    return this.db.transaction(async (tx) => {
      const card = await this.balances.lockAccount(delivery.giftCardId, tx);
      if (!card || card.kind !== 'gift_card' || card.codeHash || !card.recipientEmail || card.revokedAt || Number(card.balance) === 0)
        return 'skipped';
      const code = newCode();
      await this.balances.setCode(card.id, hashCode(code), code.slice(-4), tx);
      await this.mail.mailer.send(
        giftCardMessage(
          {
            to: card.recipientEmail,
            recipientName: delivery.recipientName,
            from: delivery.from,
            message: delivery.message,
            amount: this.money(card.balance, card.currency),
            code: groupCode(code),
            expiresAt: card.expiresAt,
          },
          this.mail.shopUrl,
        ),
        tx,
      );
      if (delivery.forgetRecipient) await this.balances.forgetRecipient(card.id, tx);
      return 'sent';
    });
  }

  /**
   * Units of a gift-card line are refunded (in the order's transaction): that many of the line's
   * cards are taken back, each emptied of all that is left on it (a `refund` movement) and never
   * sent or refunded again. The cards with the most left go first, and each must still hold what
   * its unit paid: a card spent below that is a 409 and nothing moves, so no money is refunded
   * for a card that can still be spent.
   */
  async takeBackPurchased(line: GiftCardTakeBack, tx: Transaction): Promise<void> {
    const held = await this.balances.heldOfLine(line.orderItemId, tx);
    const chosen = [...held].sort((a, b) => Number(b.balance) - Number(a.balance)).slice(0, line.quantity);
    if (chosen.length < line.quantity)
      throw new AppError('CONFLICT', `Only ${chosen.length} of this line's gift cards are left to refund.`, [
        { path: line.path, message: `At most ${chosen.length}` },
      ]);
    const spent = chosen.find((c) => Number(c.balance) < line.value);
    if (spent) {
      const left = formatMoney(this.money(spent.balance, spent.currency));
      throw new AppError(
        'CONFLICT',
        `The gift card for ${spent.recipientEmail} has been used (${left} of ${formatMoney(this.money(line.value, spent.currency))} is left on it): a spent gift card cannot be refunded.`,
        [{ path: line.path, message: `A gift card of this line has been used; ${left} is left on it` }],
      );
    }
    for (const card of chosen) await this.revoke(card, line.orderId, 'Its order line was refunded', tx);
  }

  /**
   * The order's payment was refunded in full by the provider without the shop asking (a refund made
   * at the provider's own dashboard), in its transaction: every card of the order not taken back yet
   * is, emptied of whatever is left on it. `used`: how many of them had been spent from already.
   */
  async revokePurchased(orderId: string, tx: Transaction): Promise<{ revoked: number; used: number }> {
    let used = 0;
    const held = await this.balances.heldOfOrder(orderId, tx);
    for (const card of held) {
      if (Number(card.balance) < (await this.balances.issuedAmount(card.id, tx))) used++;
      await this.revoke(card, orderId, 'The order that bought it was refunded', tx);
    }
    return { revoked: held.length, used };
  }

  /** A bought card is taken back: what is left on it goes (a `refund` movement) and it is marked so. */
  private async revoke(card: AccountRecord, orderId: string, note: string, tx: Transaction): Promise<void> {
    const balance = (await this.balances.lockBalance(card.id, tx)) ?? 0;
    if (balance > 0)
      await this.move(card.id, { delta: -balance, reason: 'refund', referenceType: 'purchase', referenceId: orderId, note }, tx);
    await this.balances.revoke(card.id, this.clock.now(), tx);
  }

  async giftCards(): Promise<AdminGiftCard[]> {
    return (await this.balances.giftCards(200)).map((c) => this.giftCard(c));
  }

  /** A card's balance by its code; an unknown or expired code is the same 404. */
  async giftCardBalance(code: string): Promise<GiftCardBalance> {
    const card = await this.usableCard(code);
    return {
      last4: card.codeLast4 ?? '',
      balance: this.money(card.balance, card.currency),
      expiresAt: card.expiresAt?.toISOString() ?? null,
    };
  }

  /** Spends up to `amount` of a card in `tx` (checkout): 409 when the balance does not cover it. */
  async spendGiftCard(code: string, amount: number, reference: { type: string; id: string }, tx: Transaction): Promise<number> {
    // Read in `tx`: a read on another connection while this one waits for the lock could exhaust the pool.
    const card = await this.usableCard(code, tx);
    return this.move(card.id, { delta: -amount, reason: 'spent', referenceType: reference.type, referenceId: reference.id }, tx);
  }

  private async usableCard(code: string, tx?: Transaction): Promise<AccountRecord> {
    const card = await this.balances.byCodeHash(hashCode(code), tx);
    if (!card || (card.expiresAt && card.expiresAt <= this.clock.now())) throw invalidCode();
    return card;
  }

  // --- tenders: balances paying for orders -------------------------------------------------

  /**
   * Pays up to `order.total` from the given gift cards (in the order given, each up to its balance)
   * and then, if asked, the shopper's store credit; in the checkout's transaction. The answer is what
   * the balances paid; the provider is asked for the rest. A card with nothing left is a 409, so of
   * two checkouts racing for one card, the second hears that it was used up.
   */
  async payOrder(
    order: { id: string; userId: string | null; currency: string; total: number },
    tender: { giftCardCodes?: string[]; useStoreCredit?: boolean },
    tx: Transaction,
  ): Promise<number> {
    let left = order.total;
    const used = new Set<string>();
    for (const [i, code] of (tender.giftCardCodes ?? []).entries()) {
      const card = await this.usableCard(code, tx);
      if (used.has(card.id) || left === 0) continue;
      used.add(card.id);
      if (card.currency !== order.currency)
        throw new AppError('VALIDATION_FAILED', `This gift card is in ${card.currency}; the order is in ${order.currency}.`, [
          { path: `giftCardCodes.${i}`, message: `A ${card.currency} card` },
        ]);
      const taken = await this.takeUpTo(card.id, left, order.id, tx);
      if (!taken)
        throw new AppError('CONFLICT', `The gift card ending ${card.codeLast4} has no balance left.`, [
          { path: `giftCardCodes.${i}`, message: 'No balance left' },
        ]);
      left -= taken;
    }
    if (tender.useStoreCredit && order.userId && left > 0) {
      const credit = await this.balances.storeCreditOf(order.userId, tx);
      if (credit && credit.currency === order.currency) left -= await this.takeUpTo(credit.id, left, order.id, tx);
    }
    return order.total - left;
  }

  /** Takes at most `max` from the account under its lock; what it took. */
  private async takeUpTo(accountId: string, max: number, orderId: string, tx: Transaction): Promise<number> {
    const balance = (await this.balances.lockBalance(accountId, tx)) ?? 0;
    const taken = Math.min(balance, max);
    if (taken > 0)
      await this.balances.record(
        accountId,
        balance - taken,
        { delta: -taken, reason: 'spent', referenceType: 'order', referenceId: orderId, at: this.clock.now() },
        tx,
      );
    return taken;
  }

  /** The balances an order was paid with, and how much of each is not yet given back. */
  async tenders(orderId: string, tx?: Transaction): Promise<{ accountId: string; kind: AccountRecord['kind']; unreturned: number }[]> {
    return (await this.balances.netByOrder(orderId, tx))
      .filter((t) => t.net < 0)
      .map((t) => ({ accountId: t.account.id, kind: t.account.kind, unreturned: -t.net }));
  }

  /** An unpaid order ended: every balance gets back what the order took from it. */
  async releaseOrder(orderId: string, tx: Transaction): Promise<void> {
    for (const t of await this.tenders(orderId, tx))
      await this.move(t.accountId, { delta: t.unreturned, reason: 'released', referenceType: 'order', referenceId: orderId }, tx);
  }

  /** Refunds `amount` of an order back onto a balance it was paid with (the caller allots it; see `tenders`). */
  async refundToTender(accountId: string, amount: number, orderId: string, actorUserId: string | null, tx: Transaction): Promise<void> {
    await this.move(accountId, { delta: amount, reason: 'refund', referenceType: 'order', referenceId: orderId, actorUserId }, tx);
  }

  /** Refunds `amount` of an order to the customer's store credit (created on first use); the account's id. */
  async refundToStoreCredit(userId: string, amount: number, orderId: string, actorUserId: string | null, tx: Transaction): Promise<string> {
    const account = await this.storeCreditAccount(userId, tx);
    await this.move(account.id, { delta: amount, reason: 'refund', referenceType: 'order', referenceId: orderId, actorUserId }, tx);
    return account.id;
  }

  // --- mapping -----------------------------------------------------------------------------

  private money(amount: number, currency = this.currency) {
    return { amount: Number(amount), currency };
  }

  private giftCard(c: AccountRecord): AdminGiftCard {
    return {
      id: c.id,
      last4: c.codeLast4 ?? '',
      balance: this.money(c.balance, c.currency),
      recipientEmail: c.recipientEmail,
      expiresAt: c.expiresAt ? new Date(c.expiresAt).toISOString() : null,
      createdAt: new Date(c.createdAt).toISOString(),
      orderId: c.orderId,
      scheduledFor: !c.codeHash && c.sendAt && Number(c.balance) > 0 ? new Date(c.sendAt).toISOString() : null,
    };
  }

  private entry(e: LedgerRecord, a: AccountRecord): BalanceEntry {
    return {
      delta: this.money(e.delta, a.currency),
      balanceAfter: this.money(e.balanceAfter, a.currency),
      reason: e.reason,
      reference: e.referenceType && e.referenceId ? { type: e.referenceType, id: e.referenceId } : null,
      note: e.note,
      createdAt: new Date(e.createdAt).toISOString(),
    };
  }
}
