import type { Order, OrderEditInput, OrderEditPreview } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { AuditService } from '../audit';
import type { CatalogRepository } from '../catalog';
import { paymentRequestMessage, type Mailer } from '../email';
import type { InventoryService, StockChange } from '../inventory';
import {
  OrderRefunds,
  type OrderItemRow,
  type OrderPayments,
  type OrderRepository,
  type OrderRow,
  type OrderService,
  type OrderWorkflow,
  type StaffActor,
} from '../orders';
import { priceOrder, type PricingRepository } from '../pricing';

type Plan = Awaited<ReturnType<OrderEdits['plan']>>;

/**
 * Editing a paid order that has not shipped. An edit is planned the same way for the preview and
 * for the confirmation (under the order's lock): existing lines keep the price they were bought at,
 * added lines take today's price; the discount is the order's own (capped at the new subtotal) plus
 * any extra; tax and shipping are computed again for the address and method. Confirmed, stock
 * moves through the ledger (more is sold, less comes back), a lower total is refunded and a higher
 * one is asked of the customer by email (the order's amount due), and the edit is in the history.
 */
export class OrderEdits {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly orderService: Pick<OrderService, 'adminGet'>,
    private readonly workflow: Pick<OrderWorkflow, 'orderUrl' | 'announce'>,
    private readonly refunding: OrderRefunds,
    private readonly payments: Pick<OrderPayments, 'provider'>,
    private readonly catalog: Pick<CatalogRepository, 'variantsForOrder'>,
    private readonly pricing: PricingRepository,
    private readonly inventory: InventoryService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  async preview(orderId: string, input: OrderEditInput): Promise<OrderEditPreview> {
    const order = await this.orders.byId(orderId);
    if (!order) throw notFound('The order');
    const items = await this.orders.items(orderId);
    const plan = await this.plan(order, items, input);
    const money = (amount: number) => ({ amount, currency: order.currency });
    const totals = (t: Pick<OrderRow, 'subtotal' | 'discount' | 'shipping' | 'tax' | 'total'>) => ({
      subtotal: money(Number(t.subtotal)),
      discount: money(Number(t.discount)),
      shipping: money(Number(t.shipping)),
      tax: money(Number(t.tax)),
      total: money(Number(t.total)),
    });
    return {
      before: totals(order),
      after: totals(plan.order),
      difference: money(plan.difference),
      lines: plan.lines.map((l) => ({
        sku: l.item.sku,
        title: l.item.title,
        variantTitle: l.item.variant_title,
        quantity: l.item.quantity,
        from: l.from,
        unitPrice: money(Number(l.item.unit_price)),
      })),
    };
  }

  async confirm(orderId: string, input: OrderEditInput, actor: StaffActor): Promise<Order> {
    const pending = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      const items = await this.orders.items(orderId, tx);
      const plan = await this.plan(order, items, input, tx);
      const now = this.clock.now();
      // All or nothing: a shortage of an added unit is a 409 and the order stays as it was.
      const stock = plan.stock.filter((s) => s.delta !== 0);
      if (stock.length)
        await this.inventory.apply(
          stock,
          { referenceType: 'order', referenceId: orderId, actorUserId: actor.id, note: 'order edited' },
          tx,
        );
      const owed = Math.max(0, plan.difference) + Number(order.amount_due ?? 0);
      const { subtotal, discount, shipping, tax, total, shipping_method_id, shipping_method_name, shipping_address } = plan.order;
      await this.orders.rewrite(
        orderId,
        { subtotal, discount, shipping, tax, total, shipping_method_id, shipping_method_name, shipping_address, amount_due: owed },
        now,
        tx,
      );
      await this.orders.replaceLines(orderId, plan.changes, tx);
      await this.orders.event(
        orderId,
        {
          type: 'edited',
          actorUserId: actor.id,
          note: `${order.total} → ${plan.order.total}${input.note ? ` — ${input.note}` : ''}`,
        },
        now,
        tx,
      );
      await this.audit.record(
        'order_edited',
        { actorUserId: actor.id, targetUserId: order.user_id },
        { orderId, from: order.total, to: plan.order.total },
        tx,
      );
      if (plan.difference > 0) {
        await this.orders.insertPayment(
          {
            id: newId(),
            orderId,
            provider: this.payments.provider as 'stripe' | 'manual',
            amount: plan.difference,
            currency: order.currency,
            now,
          },
          tx,
        );
        await this.mailer.send(
          paymentRequestMessage(
            { number: order.number, email: order.email },
            { amount: plan.difference, currency: order.currency },
            this.workflow.orderUrl(orderId),
          ),
          tx,
        );
      }
      this.workflow.announce(tx, 'status', orderId);
      // Refunded against the order as it was (its total before the edit is what was paid).
      return plan.difference < 0
        ? this.refunding.record(
            order,
            OrderRefunds.split(-plan.difference, input.refundTo),
            { reason: 'order edited', actorUserId: actor.id, purpose: 'edit' },
            tx,
          )
        : undefined;
    });
    await this.refunding.sendToProvider(pending);
    return this.orderService.adminGet(orderId, actor);
  }

  /** The edited order, its lines, the stock each change moves, and the difference in total. */
  private async plan(order: OrderRow, items: OrderItemRow[], input: OrderEditInput, tx?: Transaction) {
    if (order.status !== 'paid' && order.status !== 'partially_refunded')
      throw new AppError('INVALID_TRANSITION', 'Only a paid order that has not shipped can be edited.');
    const quantities = new Map(items.map((i) => [i.id, Number(i.quantity)]));
    input.lines.forEach((l, i) => {
      const item = items.find((it) => it.id === l.itemId);
      if (!item) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'Not a line of this order' }]);
      // A gift-card line's cards were issued when the order was paid, one per unit.
      if (item.gift_card && l.quantity !== Number(item.quantity))
        throw validationFailed([{ path: `lines.${i}.quantity`, message: 'Its gift cards are issued already' }]);
      if (l.quantity < Number(item.refunded_quantity))
        throw validationFailed([{ path: `lines.${i}.quantity`, message: `${item.refunded_quantity} of it were refunded already` }]);
      quantities.set(item.id, l.quantity);
    });
    const variants = await this.catalog.variantsForOrder(input.add.map((a) => a.variantId));
    const added: OrderItemRow[] = input.add.map((a, i) => {
      const v = variants.find((x) => x.id === a.variantId);
      if (!v || !v.active || v.currency !== order.currency)
        throw validationFailed([{ path: `add.${i}.variantId`, message: 'Not a variant of an active product' }]);
      if (v.giftCard) throw validationFailed([{ path: `add.${i}.variantId`, message: 'Gift cards are bought in the shop' }]);
      return {
        id: newId(),
        order_id: order.id,
        variant_id: v.id,
        product_id: v.productId,
        sku: v.sku,
        title: v.productTitle,
        variant_title: v.title,
        quantity: a.quantity,
        refunded_quantity: 0,
        unit_price: v.price,
        discount: 0,
        tax: 0,
        line_total: 0,
      };
    });
    const kept = items.filter((i) => quantities.get(i.id)! > 0).map((i) => ({ ...i, quantity: quantities.get(i.id)! }));
    const removed = items.filter((i) => quantities.get(i.id) === 0).map((i) => i.id);
    const all = [...kept, ...added];
    if (!all.length) throw validationFailed([{ path: 'lines', message: 'An order keeps at least one line; cancel it instead' }]);

    const address =
      input.shippingAddress ?? (typeof order.shipping_address === 'string' ? JSON.parse(order.shipping_address) : order.shipping_address);
    const methodId = input.shippingMethodId ?? order.shipping_method_id;
    const method = methodId ? await this.pricing.shippingMethod(methodId, tx) : undefined;
    if (!method || (method.countries && !method.countries.includes(address.country)))
      throw validationFailed([{ path: 'shippingMethodId', message: `No shipping method that delivers to ${address.country}` }]);
    const p = priceOrder({
      lines: all.map((i) => ({ key: i.id, unitPrice: Number(i.unit_price), quantity: Number(i.quantity), giftCard: !!i.gift_card })),
      coupon:
        Number(order.discount) + (input.discount ?? 0) > 0
          ? { type: 'fixed', value: Number(order.discount) + (input.discount ?? 0) }
          : null,
      shipping: method.rule,
      tax: await this.pricing.taxRate(address.country, address.region),
      pricesIncludeTax: this.config.shop.pricesIncludeTax,
    });
    const priced = all.map((i) => {
      const r = p.lines.find((l) => l.key === i.id)!;
      return { ...i, discount: r.discount, tax: r.tax, line_total: r.lineTotal };
    });
    const before = new Map<string, number>();
    // Gift cards are not stock.
    for (const i of items) if (i.variant_id && !i.gift_card) before.set(i.variant_id, (before.get(i.variant_id) ?? 0) + Number(i.quantity));
    const after = new Map<string, number>();
    for (const i of priced) if (i.variant_id && !i.gift_card) after.set(i.variant_id, (after.get(i.variant_id) ?? 0) + Number(i.quantity));
    const stock: StockChange[] = [...new Set([...before.keys(), ...after.keys()])].map((variantId) => {
      const more = (after.get(variantId) ?? 0) - (before.get(variantId) ?? 0);
      return { variantId, delta: -more, reason: more > 0 ? 'sale' : 'return' };
    });
    return {
      order: {
        ...order,
        subtotal: p.subtotal,
        discount: p.discount,
        shipping: p.shipping,
        tax: p.tax,
        total: p.total,
        shipping_method_id: method.id,
        shipping_method_name: method.name,
        shipping_address: JSON.stringify(address),
      },
      lines: priced.map((item) => ({ item, from: Number(items.find((i) => i.id === item.id)?.quantity ?? 0) })),
      changes: {
        changed: priced.filter((i) => items.some((o) => o.id === i.id)),
        removed,
        added: priced.filter((i) => !items.some((o) => o.id === i.id)),
      },
      stock,
      difference: p.total - Number(order.total),
    };
  }
}

export type { Plan };
