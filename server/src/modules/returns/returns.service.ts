import type {
  AdminReturnListQuery,
  Paginated,
  Permission,
  ReceiveReturn,
  RefundReturn,
  Return,
  ReturnAction,
  ReturnRefundPreview,
  Returnability,
  ReturnRequest,
  ReturnStatus,
} from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { actorCan } from '../accounts';
import type { CatalogRepository } from '../catalog';
import { paymentRequestMessage, returnUpdatedMessage, type Mailer } from '../email';
import type { InventoryService } from '../inventory';
import type { ImageService } from '../media';
import {
  newOrderRow,
  OrderRefunds,
  paidForUnits,
  type PendingProviderRefund,
  type OrderItemRow,
  type OrderRepository,
  type OrderRow,
  type OrderService,
  type OrderViewer,
  type OrderWorkflow,
  type StaffActor,
} from '../orders';
import { priceOrder, type PricingRepository } from '../pricing';
import { actionTarget, assertMove, shopperActions, staffActions } from './return-state';
import type { ReturnRow, ReturnsRepository } from './returns.repository';
import type { WebhookEvents } from '../webhooks';

export type ReturnListener = (r: { id: string; orderId: string; number: string; status: ReturnStatus }) => void;

const DAY_MS = 86_400_000;
const GIFT_CARD_NOT_REPLACED = 'A gift card cannot be replaced: refund the claim instead (the card is taken back and its money refunded).';
export const MAX_RETURN_PHOTOS = 5;

/**
 * Returns and claims. Every change locks the order first, so the returns, claims and refunds of one
 * order queue behind each other: a line can never be returned, claimed or refunded beyond what was
 * paid for it. Each move is an order event and an email; stock comes back through the inventory
 * ledger (`return` rows) and money through OrderRefunds (the provider, the balances, store credit).
 */
export class ReturnsService {
  private readonly listeners: ReturnListener[] = [];
  constructor(
    private readonly db: Db,
    private readonly returns: ReturnsRepository,
    private readonly orders: OrderRepository,
    private readonly orderAccess: Pick<OrderService, 'canView'>,
    private readonly workflow: Pick<OrderWorkflow, 'orderUrl' | 'markPaid' | 'announce' | 'publish'>,
    private readonly refunding: OrderRefunds,
    private readonly inventory: InventoryService,
    private readonly catalog: Pick<CatalogRepository, 'finalSaleIds' | 'variantsForOrder' | 'siblingVariants'>,
    private readonly pricing: PricingRepository,
    private readonly images: Pick<ImageService, 'process'>,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly config: Config['returns'],
    /** `return.requested` and `return.updated`, in the return's transaction. */
    private readonly webhooks: WebhookEvents,
  ) {}

  onChange(listener: ReturnListener): void {
    this.listeners.push(listener);
  }

  // --- shoppers ------------------------------------------------------------------------------

  /** What this viewer may return or claim of the order now, and its returns so far. */
  async returnability(orderId: string, viewer: OrderViewer): Promise<Returnability> {
    const order = await this.viewable(orderId, viewer);
    const [items, returns] = await Promise.all([this.orders.items(orderId), this.returns.ofOrder(orderId)]);
    const judged = await this.judge(order, items);
    const history = await this.orders.history(orderId);
    const siblings = await this.catalog.siblingVariants([...new Set(items.map((i) => i.product_id).filter((p): p is string => !!p))]);
    return {
      blocked: judged.blocked,
      windowEndsAt: judged.windowEndsAt?.toISOString() ?? null,
      reasons: this.config.reasons,
      lines: items.map((i) => ({
        itemId: i.id,
        title: i.title,
        variantTitle: i.variant_title,
        ...judged.lines.get(i.id)!,
        // A gift card is money, not goods: it is never swapped for another (its refund takes the card back).
        exchangeOptions: i.gift_card
          ? []
          : siblings
              .filter((v) => v.productId === i.product_id && v.id !== i.variant_id && v.currency === order.currency)
              .map((v) => ({ variantId: v.id, title: v.title, price: { amount: v.price, currency: v.currency } })),
      })),
      returns: await Promise.all(
        returns.map(async (r) => this.toDto(r, order, items, history.events, shopperActions(r), await this.replacementNumber(r))),
      ),
    };
  }

  async request(orderId: string, input: ReturnRequest, viewer: OrderViewer): Promise<Return> {
    await this.viewable(orderId, viewer);
    if (!this.config.reasons.includes(input.reason))
      throw validationFailed([{ path: 'reason', message: `One of: ${this.config.reasons.join(', ')}` }], 'Choose a reason from the list.');
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (seen.has(l.itemId)) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'This item is listed twice' }]);
      seen.add(l.itemId);
    });
    const id = newId();
    const done = await this.db.transaction(async (tx) => {
      const order = (await this.orders.byId(orderId, tx, true))!;
      const items = await this.orders.items(orderId, tx);
      const judged = await this.judge(order, items, tx);
      if (input.kind === 'exchange') await this.checkExchange(input.exchange ?? [], order.currency, tx);
      input.lines.forEach((l, i) => {
        const line = judged.lines.get(l.itemId);
        if (!line) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'Not a line of this order' }]);
        const left = input.kind === 'claim' ? line.claimable : line.returnable;
        if (l.quantity > left) {
          const why =
            left === 0 && line.finalSale && input.kind !== 'claim'
              ? 'It is final sale'
              : `Only ${left} can be ${input.kind === 'claim' ? 'claimed' : 'returned'}`;
          throw new AppError('CONFLICT', judged.blocked ?? `${why}.`, [{ path: `lines.${i}.quantity`, message: why }]);
        }
      });
      const now = this.clock.now();
      const number = `${order.number}-R${(await this.returns.count(orderId, tx)) + 1}`;
      const row: Omit<ReturnRow, 'lines' | 'refundAmount' | 'storeCreditAmount' | 'shippingFee' | 'restockingFee'> = {
        id,
        orderId,
        number,
        kind: input.kind,
        status: 'requested',
        reason: input.reason,
        note: input.note || null,
        staffNote: null,
        photos: null,
        exchangeLines: input.kind === 'exchange' ? (input.exchange ?? []) : null,
        replacementOrderId: null,
        requestedBy: viewer.userId ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await this.returns.insert(
        row,
        input.lines.map((l) => ({
          id: newId(),
          returnId: id,
          orderItemId: l.itemId,
          quantity: l.quantity,
          receivedQuantity: null,
          restock: null,
        })),
        tx,
      );
      // Erasure keeps the part before " — " (the number) of a note a person wrote.
      await this.orders.event(
        orderId,
        {
          type: `${input.kind}_requested`,
          to: 'requested',
          actorUserId: viewer.userId ?? null,
          note: `${number} — ${input.reason}${input.note ? `: ${input.note}` : ''}`,
        },
        now,
        tx,
      );
      await this.tell(row, order, null, tx);
      await this.webhooks.publish('return.requested', { return: { id: row.id, number, orderId, kind: row.kind, status: row.status } }, tx);
      return row;
    });
    return this.forViewer(done.id, viewer);
  }

  /**
   * Photos of what is wrong, while the request waits for an answer (at most MAX_RETURN_PHOTOS). The
   * image pipeline judges each file by its bytes and stores it re-encoded; the answer is the return.
   */
  async addPhotos(returnId: string, files: { buffer: Buffer }[], viewer: OrderViewer): Promise<Return> {
    const found = await this.returns.byId(returnId);
    if (!found || !(await this.viewableOrNull(found.orderId, viewer))) throw notFound('The return');
    if (!files.length) throw validationFailed([{ path: 'photos', message: 'Attach at least one image' }]);
    if (found.status !== 'requested')
      throw new AppError('INVALID_TRANSITION', 'Photos can be added while the request waits for an answer.');
    if ((found.photos?.length ?? 0) + files.length > MAX_RETURN_PHOTOS)
      throw validationFailed([{ path: 'photos', message: `At most ${MAX_RETURN_PHOTOS} photos` }]);
    // Processed before any lock is taken (it is slow); a file that is not an image is a 415 here.
    const urls: string[] = [];
    for (const f of files) {
      const image = await this.images.process(f.buffer, `returns/${returnId}/${newId()}`);
      urls.push((image.variants.find((v) => v.size === 'large') ?? image.variants.at(-1)!).url);
    }
    await this.db.transaction(async (tx) => {
      await this.orders.byId(found.orderId, tx, true);
      const r = (await this.returns.byId(returnId, tx))!;
      if (r.status !== 'requested') throw new AppError('INVALID_TRANSITION', 'Photos can be added while the request waits for an answer.');
      const photos = [...(r.photos ?? []), ...urls];
      if (photos.length > MAX_RETURN_PHOTOS) throw validationFailed([{ path: 'photos', message: `At most ${MAX_RETURN_PHOTOS} photos` }]);
      await this.returns.update(returnId, { photos, updatedAt: this.clock.now() }, tx);
    });
    return this.forViewer(returnId, viewer);
  }

  /** A shopper withdraws their request before staff answer it. */
  async cancelMine(returnId: string, viewer: OrderViewer): Promise<Return> {
    const found = await this.returns.byId(returnId);
    if (!found || !(await this.viewableOrNull(found.orderId, viewer))) throw notFound('The return');
    await this.move(returnId, 'cancel', viewer.userId ?? null, 'withdrawn by the customer', async (r) => {
      if (!shopperActions(r).includes('cancel')) throw new AppError('INVALID_TRANSITION', 'Staff have answered this request already.');
    });
    return this.forViewer(returnId, viewer);
  }

  private async forViewer(returnId: string, viewer: OrderViewer): Promise<Return> {
    const r = (await this.returns.byId(returnId))!;
    const order = (await this.orders.byId(r.orderId))!;
    const history = await this.orders.history(r.orderId);
    if (!this.orderAccess.canView(order, viewer)) throw notFound('The return');
    return this.toDto(r, order, history.items, history.events, shopperActions(r), await this.replacementNumber(r));
  }

  private async viewableOrNull(orderId: string, viewer: OrderViewer): Promise<OrderRow | undefined> {
    const order = await this.orders.byId(orderId);
    return order && this.orderAccess.canView(order, viewer) ? order : undefined;
  }

  /** Someone else's order is a 404, like one that does not exist. */
  private async viewable(orderId: string, viewer: OrderViewer): Promise<OrderRow> {
    const order = await this.viewableOrNull(orderId, viewer);
    if (!order) throw notFound('The order');
    return order;
  }

  /**
   * The rule for what may come back: a return needs a delivered order inside the window and not
   * final sale; a claim (damaged or missing) needs a shipped order inside the window counted from
   * delivery (or open while it is not delivered yet). Units already refunded or held by an open
   * return or claim are not available again.
   */
  private async judge(order: OrderRow, items: OrderItemRow[], tx?: Transaction) {
    const now = this.clock.now();
    const [deliveredAt, held, finalSale] = await Promise.all([
      this.orders.deliveredAt(order.id, tx),
      this.returns.openQuantities(order.id, tx),
      // In `tx`: a read on another connection while this one holds the order's lock could exhaust the pool.
      this.catalog.finalSaleIds(
        items.map((i) => i.product_id).filter((p): p is string => !!p),
        tx,
      ),
    ]);
    const windowEndsAt = deliveredAt ? new Date(deliveredAt.getTime() + this.config.windowDays * DAY_MS) : null;
    const expired = windowEndsAt && now > windowEndsAt ? `The ${this.config.windowDays}-day return window has ended.` : null;
    const shipped = order.status === 'delivered' || order.status === 'fulfilled';
    const blocked = order.status !== 'delivered' ? 'Items can be returned once the order is delivered.' : expired;
    const claimBlocked = !shipped ? 'Claims can be made once the order has shipped.' : expired;
    const lines = new Map(
      items.map((i) => {
        const left = Math.max(0, Number(i.quantity) - Number(i.refunded_quantity) - (held.get(i.id) ?? 0));
        const isFinal = !!i.product_id && finalSale.has(i.product_id);
        return [i.id, { returnable: blocked || isFinal ? 0 : left, claimable: claimBlocked ? 0 : left, finalSale: isFinal }];
      }),
    );
    return { blocked, windowEndsAt, lines };
  }

  // --- staff ---------------------------------------------------------------------------------

  async list(q: AdminReturnListQuery, actor: Pick<StaffActor, 'role' | 'permissions'>): Promise<Paginated<Return>> {
    const { page, limit, ...filters } = q;
    const { rows, total } = await this.returns.list(filters, limit, (page - 1) * limit);
    const items = await Promise.all(rows.map((r) => this.staffDto(r, actor)));
    return { items, page, limit, total };
  }

  async get(id: string, actor: Pick<StaffActor, 'role' | 'permissions'>): Promise<Return> {
    const r = await this.returns.byId(id);
    if (!r) throw notFound('The return');
    return this.staffDto(r, actor);
  }

  /** Approving an exchange reserves its new goods in a replacement order (the difference, if any, is asked by email). */
  async approve(id: string, note: string | undefined, actor: StaffActor): Promise<Return> {
    await this.move(id, 'approve', actor.id, note, async (r, order, tx) => {
      if (r.kind !== 'exchange') return;
      const replacement = await this.replacementOrder(r, order, r.exchangeLines ?? [], 'today', tx);
      if (replacement.due > 0)
        await this.mailer.send(
          paymentRequestMessage(
            { number: replacement.number, email: order.email },
            { amount: replacement.due, currency: order.currency },
            this.workflow.orderUrl(replacement.id),
          ),
          tx,
        );
    });
    return this.get(id, actor);
  }

  /** A claim is settled with the same goods sent again at no charge (a paid replacement order that ships like any other). */
  async replace(id: string, note: string | undefined, actor: StaffActor): Promise<Return> {
    await this.move(id, 'replace', actor.id, note, async (r, order, tx) => {
      const items = await this.orders.items(order.id, tx);
      const same = r.lines.map((l) => {
        const item = items.find((i) => i.id === l.orderItemId)!;
        if (item.gift_card) throw new AppError('CONFLICT', GIFT_CARD_NOT_REPLACED);
        if (!item.variant_id) throw new AppError('CONFLICT', `${item.title} is no longer sold: refund it instead.`);
        return { variantId: item.variant_id, quantity: l.quantity, unitPrice: Number(item.unit_price) };
      });
      const replacement = await this.replacementOrder(r, order, same, 'as bought', tx);
      await this.workflow.markPaid((await this.orders.byId(replacement.id, tx, true))!, `replacement for ${r.number}`, tx);
      await this.refunding.countLines(
        order.id,
        r.lines.map((l) => ({ itemId: l.orderItemId, quantity: l.quantity })),
        tx,
      );
    });
    return this.get(id, actor);
  }

  /**
   * The old goods arrived: the exchange completes. A replacement the returned goods pay for in full
   * is paid now (and ships); what they were worth beyond the new goods is refunded (`to`).
   */
  async complete(id: string, input: { to?: 'original' | 'store_credit'; note?: string }, actor: StaffActor): Promise<Return> {
    let pending: PendingProviderRefund | undefined;
    await this.move(id, 'complete', actor.id, input.note, async (r, order, tx) => {
      const replacement = r.replacementOrderId ? await this.orders.byId(r.replacementOrderId, tx, true) : undefined;
      if (!replacement) throw new AppError('CONFLICT', 'This exchange has no replacement order.');
      const items = await this.orders.items(order.id, tx);
      const units = r.lines.map((l) => ({ itemId: l.orderItemId, quantity: l.receivedQuantity ?? 0 }));
      if (units.some((u, i) => u.quantity < r.lines[i]!.quantity))
        throw new AppError('CONFLICT', 'Not everything came back: cancel the exchange and refund what arrived instead.');
      if (replacement.status === 'pending_payment' && Number(replacement.total) === 0)
        await this.workflow.markPaid(replacement, `exchange ${r.number} completed`, tx);
      await this.refunding.countLines(order.id, units, tx);
      const worth = units.reduce(
        (s, u) =>
          s +
          paidForUnits(
            items.find((i) => i.id === u.itemId)!,
            u.quantity,
          ),
        0,
      );
      const credit = this.exchangeCredit(r, items);
      // What the returned goods were worth beyond what the new ones took of them, in money paid (tax included).
      const leftover = credit > 0 ? Math.round((worth * (credit - Number(replacement.discount))) / credit) : 0;
      if (leftover > 0)
        pending = await this.refunding.record(
          order,
          OrderRefunds.split(leftover, input.to ?? 'original'),
          { reason: `exchange ${r.number}`, actorUserId: actor.id },
          tx,
        );
      await this.returns.update(r.id, input.to === 'store_credit' ? { storeCreditAmount: leftover } : { refundAmount: leftover }, tx);
    });
    await this.refunding.sendToProvider(pending);
    return this.get(id, actor);
  }

  /** What the returned units were worth before tax (their lines' totals less discounts): an exchange's credit. */
  private exchangeCredit(r: ReturnRow, items: OrderItemRow[]): number {
    return r.lines.reduce((sum, l) => {
      const item = items.find((i) => i.id === l.orderItemId)!;
      return sum + Math.round(((Number(item.line_total) - Number(item.discount)) * l.quantity) / Number(item.quantity));
    }, 0);
  }

  private async checkExchange(lines: { variantId: string; quantity: number }[], currency: string, tx: Transaction) {
    const variants = await this.catalog.variantsForOrder(
      lines.map((l) => l.variantId),
      tx,
    );
    lines.forEach((l, i) => {
      const v = variants.find((x) => x.id === l.variantId);
      if (!v || !v.active || v.currency !== currency)
        throw validationFailed([{ path: `exchange.${i}.variantId`, message: 'Not a variant of an active product' }]);
      if (v.giftCard) throw validationFailed([{ path: `exchange.${i}.variantId`, message: 'Gift cards are bought in the shop' }]);
    });
    return variants;
  }

  /**
   * The order that ships an exchange's or a claim's goods, reserving them (all or nothing). The
   * returned units' worth before tax is its discount, so it costs only the difference (tax on what
   * is left); it never expires by itself.
   */
  private async replacementOrder(
    r: ReturnRow,
    order: OrderRow,
    lines: { variantId: string; quantity: number; unitPrice?: number }[],
    prices: 'today' | 'as bought',
    tx: Transaction,
  ) {
    const variants = await this.checkExchange(lines, order.currency, tx);
    const items = await this.orders.items(order.id, tx);
    const credit = this.exchangeCredit(r, items);
    const address = typeof order.shipping_address === 'string' ? JSON.parse(order.shipping_address) : order.shipping_address;
    const priced = lines.map((l, i) => {
      const v = variants.find((x) => x.id === l.variantId)!;
      return {
        key: String(i),
        v,
        quantity: l.quantity,
        unitPrice: prices === 'as bought' && l.unitPrice !== undefined ? l.unitPrice : v.price,
      };
    });
    const p = priceOrder({
      lines: priced.map((l) => ({ key: l.key, unitPrice: l.unitPrice, quantity: l.quantity })),
      coupon: credit > 0 ? { type: 'fixed', value: credit } : null,
      tax: await this.pricing.taxRate(address.country, address.region),
      pricesIncludeTax: false,
    });
    const now = this.clock.now();
    const id = newId();
    const replacement = newOrderRow({
      id,
      number: await this.orders.nextNumber(tx),
      user_id: order.user_id,
      email: order.email,
      status: 'pending_payment',
      currency: order.currency,
      totals: p,
      shipping_method_id: order.shipping_method_id,
      shipping_method_name: order.shipping_method_name,
      shippingAddress: address,
      staff_note: `${r.kind === 'claim' ? 'Replacement' : 'Exchange'} for ${r.number}`,
      created_at: now,
    });
    await this.orders.insert(replacement, now, tx);
    const rows: OrderItemRow[] = priced.map((l) => {
      const res = p.lines.find((x) => x.key === l.key)!;
      return {
        id: newId(),
        order_id: id,
        variant_id: l.v.id,
        product_id: l.v.productId,
        sku: l.v.sku,
        title: l.v.productTitle,
        variant_title: l.v.title,
        quantity: l.quantity,
        refunded_quantity: 0,
        unit_price: l.unitPrice,
        discount: res.discount,
        tax: res.tax,
        line_total: res.lineTotal,
      };
    });
    await this.orders.insertItems(rows, tx);
    await this.inventory.apply(
      rows.map((i) => ({ variantId: i.variant_id!, delta: 0, reservedDelta: Number(i.quantity), reason: 'reservation' as const })),
      { referenceType: 'order', referenceId: id, note: r.number },
      tx,
    );
    await this.orders.event(id, { type: 'created', to: 'pending_payment', note: replacement.staff_note }, now, tx);
    await this.returns.update(r.id, { replacementOrderId: id }, tx);
    await this.workflow.publish('order.created', replacement, tx, rows);
    this.workflow.announce(tx, 'created', replacement);
    return { id, number: replacement.number, due: Number(p.total) };
  }

  async reject(id: string, note: string | undefined, actor: StaffActor): Promise<Return> {
    await this.move(id, 'reject', actor.id, note);
    return this.get(id, actor);
  }

  async cancel(id: string, note: string | undefined, actor: StaffActor): Promise<Return> {
    await this.move(id, 'cancel', actor.id, note);
    return this.get(id, actor);
  }

  /** Records what arrived, line by line; restocked units go back on the shelf through the ledger. */
  async receive(id: string, input: ReceiveReturn, actor: StaffActor): Promise<Return> {
    await this.move(id, 'receive', actor.id, input.note, async (r, _order, tx) => {
      const items = await this.orders.items(r.orderId, tx);
      const given = new Map(input.lines.map((l, i) => [l.lineId, { ...l, index: i }]));
      input.lines.forEach((l, i) => {
        const line = r.lines.find((x) => x.id === l.lineId);
        if (!line) throw validationFailed([{ path: `lines.${i}.lineId`, message: 'Not a line of this return' }]);
        if (l.quantity > line.quantity)
          throw validationFailed([{ path: `lines.${i}.quantity`, message: `At most ${line.quantity} were to come back` }]);
      });
      const restock = [];
      for (const line of r.lines) {
        const g = given.get(line.id);
        const quantity = g?.quantity ?? 0;
        await this.returns.updateLine(line.id, { receivedQuantity: quantity, restock: g?.restock ?? false }, tx);
        const variantId = items.find((i) => i.id === line.orderItemId)?.variant_id;
        if (g?.restock && quantity > 0 && variantId) restock.push({ variantId, delta: quantity, reason: 'return' as const });
      }
      if (restock.length)
        await this.inventory.apply(restock, { referenceType: 'return', referenceId: r.id, actorUserId: actor.id, note: r.number }, tx);
    });
    return this.get(id, actor);
  }

  /** What a refund would pay back now, before and after the default fees. */
  async refundPreview(id: string, input: Pick<RefundReturn, 'shippingFee' | 'restockingFee'> = {}): Promise<ReturnRefundPreview> {
    const r = await this.returns.byId(id);
    if (!r) throw notFound('The return');
    const order = (await this.orders.byId(r.orderId))!;
    const items = await this.orders.items(r.orderId);
    const amounts = this.amounts(r, items, input);
    const money = (amount: number) => ({ amount, currency: order.currency });
    return {
      gross: money(amounts.gross),
      shippingFee: money(amounts.shippingFee),
      restockingFee: money(amounts.restockingFee),
      net: money(amounts.net),
    };
  }

  /**
   * Refunds what was paid for the received units (for a claim, the claimed ones), less the fees,
   * to the original payment, to store credit, or split between them.
   */
  async refund(id: string, input: RefundReturn, actor: StaffActor): Promise<Return> {
    let pending: PendingProviderRefund | undefined;
    await this.move(id, 'refund', actor.id, input.note, async (r, order, tx) => {
      const items = await this.orders.items(r.orderId, tx);
      const { units, net, shippingFee, restockingFee } = this.amounts(r, items, input);
      if (net < 0) throw validationFailed([{ path: 'shippingFee', message: 'The fees are more than the refund' }]);
      const storeCredit = input.to === 'store_credit' ? net : input.to === 'split' ? (input.storeCredit ?? 0) : 0;
      if (storeCredit > net) throw validationFailed([{ path: 'storeCredit', message: `At most ${net}` }]);
      const lines = units.filter((u) => u.quantity > 0);
      // The units count as refunded on their lines (never beyond what is left of them), whatever the fees leave.
      if (lines.length) await this.refunding.countLines(r.orderId, lines, tx);
      if (net > 0)
        pending = await this.refunding.record(
          order,
          { storeCredit, original: net - storeCredit },
          { reason: `${r.kind} ${r.number}`, lines, actorUserId: actor.id },
          tx,
        );
      await this.returns.update(r.id, { refundAmount: net - storeCredit, storeCreditAmount: storeCredit, shippingFee, restockingFee }, tx);
    });
    await this.refunding.sendToProvider(pending);
    return this.get(id, actor);
  }

  /** The units a refund covers and the money: gross paid for them, the fees (defaults unless given), net. */
  private amounts(r: ReturnRow, items: OrderItemRow[], fees: Pick<RefundReturn, 'shippingFee' | 'restockingFee'>) {
    const units = r.lines.map((l) => ({
      itemId: l.orderItemId,
      quantity: r.kind === 'claim' ? l.quantity : (l.receivedQuantity ?? 0),
    }));
    const gross = units.reduce((sum, u) => {
      const item = items.find((i) => i.id === u.itemId)!;
      return sum + (u.quantity ? paidForUnits(item, u.quantity) : 0);
    }, 0);
    // A claim is the shop's fault: no fees unless staff set them.
    const shippingFee = fees.shippingFee ?? (r.kind === 'claim' ? 0 : this.config.shippingFee);
    const restockingFee = fees.restockingFee ?? (r.kind === 'claim' ? 0 : Math.round((gross * this.config.restockingFeeBp) / 10_000));
    return { units, gross, shippingFee, restockingFee, net: gross - shippingFee - restockingFee };
  }

  // --- moving a return -----------------------------------------------------------------------

  /**
   * One move of the state machine under the order's lock (then the return is read afresh): `work`
   * does what the move means, then the status, the order event, the email and, after commit, the
   * live update follow.
   */
  private async move(
    id: string,
    action: ReturnAction,
    actorUserId: string | null,
    note: string | undefined,
    work?: (r: ReturnRow, order: OrderRow, tx: Transaction) => Promise<void>,
  ): Promise<void> {
    const found = await this.returns.byId(id);
    if (!found) throw notFound('The return');
    await this.db.transaction(async (tx) => {
      const order = (await this.orders.byId(found.orderId, tx, true))!;
      const r = (await this.returns.byId(id, tx))!;
      const to = actionTarget(action, r.kind);
      assertMove(r.kind, r.status, to);
      await work?.(r, order, tx);
      const now = this.clock.now();
      await this.returns.update(id, { status: to, updatedAt: now, ...(note && actorUserId ? { staffNote: note } : {}) }, tx);
      await this.orders.event(
        order.id,
        { type: `${r.kind}_${to}`, from: r.status, to, actorUserId, note: `${r.number}${note ? ` — ${note}` : ''}` },
        now,
        tx,
      );
      const after = (await this.returns.byId(id, tx))!;
      await this.tell(after, order, note ?? null, tx);
      const data = { id, number: after.number, orderId: order.id, kind: after.kind, status: after.status };
      await this.webhooks.publish('return.updated', { return: data, action }, tx);
    });
  }

  /** The shopper's email about the new state, and the live update after commit. */
  private async tell(
    r: Pick<ReturnRow, 'id' | 'number' | 'kind' | 'status'> & Partial<Pick<ReturnRow, 'refundAmount' | 'storeCreditAmount'>>,
    order: OrderRow,
    note: string | null,
    tx: Transaction,
  ) {
    const money = (amount: number) => ({ amount: Number(amount), currency: order.currency });
    await this.mailer.send(
      returnUpdatedMessage(
        {
          number: r.number,
          orderNumber: order.number,
          email: order.email,
          kind: r.kind,
          status: r.status,
          note,
          refunded: money(r.refundAmount ?? 0),
          storeCredit: money(r.storeCreditAmount ?? 0),
        },
        this.workflow.orderUrl(order.id),
      ),
      tx,
    );
    const update = { id: r.id, orderId: order.id, number: r.number, status: r.status };
    tx.afterCommit(() => this.listeners.forEach((l) => l(update)));
  }

  // --- mapping -------------------------------------------------------------------------------

  private async staffDto(r: ReturnRow, actor: Pick<StaffActor, 'role' | 'permissions'>): Promise<Return> {
    const order = (await this.orders.byId(r.orderId))!;
    const history = await this.orders.history(r.orderId);
    return this.toDto(r, order, history.items, history.events, this.staffMoves(r, history.items, actor), await this.replacementNumber(r));
  }

  /** The moves staff may make; a claim of a gift card is refunded (its card taken back), never replaced. */
  private staffMoves(r: ReturnRow, items: OrderItemRow[], actor: Pick<StaffActor, 'role' | 'permissions'>): ReturnAction[] {
    const actions = staffActions(r, (p: Permission) => actorCan(actor, p));
    const giftCard = r.lines.some((l) => items.find((i) => i.id === l.orderItemId)?.gift_card);
    return giftCard ? actions.filter((a) => a !== 'replace') : actions;
  }

  private async replacementNumber(r: ReturnRow): Promise<string | undefined> {
    return r.replacementOrderId ? (await this.orders.byId(r.replacementOrderId))?.number : undefined;
  }

  private toDto(
    r: ReturnRow,
    order: OrderRow,
    items: OrderItemRow[],
    events: { type: string; note: string | null; actor_user_id: string | null; created_at: Date | string }[],
    allowedActions: ReturnAction[],
    replacementNumber?: string,
  ): Return {
    const money = (amount: number) => ({ amount: Number(amount), currency: order.currency });
    const position = (itemId: string) => items.findIndex((i) => i.id === itemId);
    return {
      id: r.id,
      number: r.number,
      orderId: order.id,
      orderNumber: order.number,
      email: order.email,
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      note: r.note,
      staffNote: r.staffNote,
      photos: r.photos ?? [],
      // In the order's own line order.
      lines: [...r.lines]
        .sort((a, b) => position(a.orderItemId) - position(b.orderItemId))
        .map((l) => {
          const item = items.find((i) => i.id === l.orderItemId)!;
          return {
            id: l.id,
            itemId: l.orderItemId,
            sku: item.sku,
            title: item.title,
            variantTitle: item.variant_title,
            quantity: Number(l.quantity),
            receivedQuantity: l.receivedQuantity === null ? null : Number(l.receivedQuantity),
            restock: l.restock === null ? null : Boolean(l.restock),
            paid: money(paidForUnits(item, Number(l.quantity))),
          };
        }),
      refund:
        r.status === 'refunded'
          ? {
              original: money(r.refundAmount),
              storeCredit: money(r.storeCreditAmount),
              shippingFee: money(r.shippingFee),
              restockingFee: money(r.restockingFee),
            }
          : null,
      exchange: r.exchangeLines ?? [],
      replacementOrder: r.replacementOrderId ? { id: r.replacementOrderId, number: replacementNumber ?? '' } : null,
      events: events
        .filter((e) => /^(return|claim)_/.test(e.type) && e.note?.split(' — ')[0] === r.number)
        .map((e) => ({ type: e.type, note: e.note, actorUserId: e.actor_user_id, createdAt: new Date(e.created_at).toISOString() })),
      allowedActions,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }
}
