import type { DraftOrderInput, MarkPaidOffline, Order, SendInvoice } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { actorCan, type UserRepository } from '../accounts';
import type { AuditService } from '../audit';
import type { CatalogRepository } from '../catalog';
import { invoiceMessage, type Mailer } from '../email';
import type { InventoryService } from '../inventory';
import {
  assertTransition,
  newOrderRow,
  type OrderItemRow,
  type OrderRepository,
  type OrderRow,
  type OrderService,
  type OrderWorkflow,
  type StaffActor,
} from '../orders';
import { priceOrder, type PricingRepository } from '../pricing';

/** What rewriting a draft replaces (its number, status and history stay). */
const DRAFT_CONTENTS = [
  'user_id',
  'email',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'shipping_method_id',
  'shipping_method_name',
  'shipping_address',
  'staff_note',
] as const;

/**
 * Draft orders: staff build an order for a customer (phone and email orders) at catalog prices or,
 * with `orders:price-override`, their own; save it; then send an invoice whose signed link lets the
 * customer pay exactly that order, or mark it paid offline. Stock is reserved when the customer pays,
 * or from the invoice on if staff choose `reserveStock` (then the invoice holds it until paid or
 * cancelled; it never expires by itself).
 */
export class DraftOrderService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly orderService: Pick<OrderService, 'adminGet'>,
    private readonly workflow: Pick<OrderWorkflow, 'markPaid' | 'orderUrl' | 'announce' | 'publish'>,
    private readonly catalog: Pick<CatalogRepository, 'variantsForOrder'>,
    private readonly users: Pick<UserRepository, 'findById'>,
    private readonly pricing: PricingRepository,
    private readonly inventory: InventoryService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  async create(input: DraftOrderInput, actor: StaffActor): Promise<Order> {
    const id = newId();
    await this.db.transaction(async (tx) => {
      const { order, items } = await this.build(id, input, actor, tx);
      await this.orders.insert(order, order.created_at, tx);
      await this.orders.insertItems(items, tx);
      await this.orders.event(
        id,
        { type: 'draft_created', to: 'draft', actorUserId: actor.id, note: input.note ?? null },
        order.created_at,
        tx,
      );
      await this.audit.record(
        'order_drafted',
        { actorUserId: actor.id, targetUserId: order.user_id },
        { orderId: id, total: order.total },
        tx,
      );
    });
    return this.orderService.adminGet(id, actor);
  }

  /** A draft's lines, customer, shipping and discount replaced (only while it is a draft). */
  async update(orderId: string, input: DraftOrderInput, actor: StaffActor): Promise<Order> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockDraft(orderId, tx);
      const { order, items } = await this.build(orderId, input, actor, tx, current);
      const contents = Object.fromEntries(DRAFT_CONTENTS.map((column) => [column, order[column]])) as Pick<
        OrderRow,
        (typeof DRAFT_CONTENTS)[number]
      >;
      await this.orders.rewrite(orderId, contents, this.clock.now(), tx, { status: 'draft' });
      const oldLines = (await this.orders.items(orderId, tx)).map((i) => i.id);
      await this.orders.replaceLines(orderId, { changed: [], removed: oldLines, added: items }, tx);
      await this.orders.event(orderId, { type: 'draft_updated', actorUserId: actor.id, note: input.note ?? null }, this.clock.now(), tx);
    });
    return this.orderService.adminGet(orderId, actor);
  }

  /** The draft becomes payable: the customer is emailed its signed link; stock is held from now on if asked. */
  async sendInvoice(orderId: string, input: SendInvoice, actor: StaffActor): Promise<Order> {
    await this.db.transaction(async (tx) => {
      const order = await this.lockDraft(orderId, tx);
      const items = await this.orders.items(orderId, tx);
      const now = this.clock.now();
      // All lines or none: a shortage is a 409 and the draft stays as it was.
      if (input.reserveStock)
        await this.inventory.apply(
          items
            .filter((i) => i.variant_id)
            .map((i) => ({ variantId: i.variant_id!, delta: 0, reservedDelta: Number(i.quantity), reason: 'reservation' as const })),
          { referenceType: 'order', referenceId: orderId, actorUserId: actor.id, note: 'held for the invoice' },
          tx,
        );
      await this.orders.setStatus(orderId, { status: 'pending_payment', stock_reserved: input.reserveStock }, now, tx);
      await this.orders.event(
        orderId,
        {
          type: 'invoice_sent',
          from: 'draft',
          to: 'pending_payment',
          actorUserId: actor.id,
          note: input.reserveStock ? 'stock held' : null,
        },
        now,
        tx,
      );
      await this.mailer.send(
        invoiceMessage(
          {
            number: order.number,
            email: order.email,
            total: { amount: Number(order.total), currency: order.currency },
            items: items.map((i) => ({ title: i.title, variantTitle: i.variant_title, quantity: Number(i.quantity) })),
          },
          this.workflow.orderUrl(orderId),
          input.message,
        ),
        tx,
      );
      // Sent to the customer, the draft is an order: receivers hear of it now, not while staff built it.
      await this.workflow.publish('order.created', (await this.orders.byId(orderId, tx))!, tx);
      this.workflow.announce(tx, 'status', orderId);
    });
    return this.orderService.adminGet(orderId, actor);
  }

  /** Staff record a payment made outside the shop; the order is paid like any other (stock is taken then). */
  async markPaidOffline(orderId: string, input: MarkPaidOffline, actor: StaffActor): Promise<Order> {
    await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      if ((order.status !== 'draft' && order.status !== 'pending_payment') || order.payment_status === 'paid')
        throw new AppError('INVALID_TRANSITION', `An order that is ${order.status.replace('_', ' ')} cannot be marked paid.`);
      const now = this.clock.now();
      // A draft paid without an invoice becomes an order here.
      if (order.status === 'draft') await this.workflow.publish('order.created', order, tx);
      await this.orders.cancelOpenPayments(orderId, now, tx);
      await this.orders.insertOfflinePayment(
        { id: newId(), orderId, amount: Number(order.total) - Number(order.balance_amount), currency: order.currency, now },
        tx,
      );
      // Staff are there to hear it: stock that is gone is a 409 now rather than a paid order to refund.
      if ((await this.workflow.markPaid(order, `paid offline — ${input.note}`, tx)) === 'flagged')
        throw new AppError('INSUFFICIENT_STOCK', 'Some lines are no longer in stock: nothing was recorded.');
      await this.audit.record(
        'order_marked_paid',
        { actorUserId: actor.id, targetUserId: order.user_id },
        { orderId, note: input.note },
        tx,
      );
    });
    return this.orderService.adminGet(orderId, actor);
  }

  private async lockDraft(orderId: string, tx: Transaction): Promise<OrderRow> {
    const order = await this.orders.byId(orderId, tx, true);
    if (!order) throw notFound('The order');
    if (order.status !== 'draft') assertTransition(order.status, 'draft');
    return order;
  }

  /** The order and its lines as the input prices them: catalog prices unless overridden (with the permission). */
  private async build(id: string, input: DraftOrderInput, actor: StaffActor, tx: Transaction, current?: OrderRow) {
    if (input.lines.some((l) => l.unitPrice !== undefined) && !actorCan(actor, 'orders:price-override'))
      throw forbidden('Setting a line’s price needs the orders:price-override permission.');
    if (input.customerId && !(await this.users.findById(input.customerId, tx)))
      throw validationFailed([{ path: 'customerId', message: 'No such customer' }]);
    const country = input.shippingAddress.country;
    const method = await this.pricing.shippingMethod(input.shippingMethodId, tx);
    if (!method || (method.countries && !method.countries.includes(country)))
      throw validationFailed([{ path: 'shippingMethodId', message: `This shipping method does not deliver to ${country}` }]);
    const variants = await this.catalog.variantsForOrder(input.lines.map((l) => l.variantId));
    const lines = input.lines.map((l, i) => {
      const v = variants.find((x) => x.id === l.variantId);
      if (!v || !v.active) throw validationFailed([{ path: `lines.${i}.variantId`, message: 'Not a variant of an active product' }]);
      // A gift card needs its recipient, which only the shop's cart asks for.
      if (v.giftCard) throw validationFailed([{ path: `lines.${i}.variantId`, message: 'Gift cards are bought in the shop' }]);
      if (v.currency !== this.config.shop.currency)
        throw validationFailed([{ path: `lines.${i}.variantId`, message: `Priced in ${v.currency}, not ${this.config.shop.currency}` }]);
      return { key: String(i), variant: v, quantity: l.quantity, unitPrice: l.unitPrice ?? v.price };
    });
    const p = priceOrder({
      lines: lines.map((l) => ({ key: l.key, unitPrice: l.unitPrice, quantity: l.quantity })),
      coupon: input.discount ? { type: 'fixed', value: input.discount } : null,
      shipping: method.rule,
      tax: await this.pricing.taxRate(country, input.shippingAddress.region),
      pricesIncludeTax: this.config.shop.pricesIncludeTax,
    });
    const now = this.clock.now();
    const order = newOrderRow({
      id,
      number: current?.number ?? (await this.orders.nextNumber(tx)),
      user_id: input.customerId ?? null,
      email: input.email,
      status: 'draft',
      currency: this.config.shop.currency,
      totals: p,
      shipping_method_id: method.id,
      shipping_method_name: method.name,
      shippingAddress: input.shippingAddress,
      stock_reserved: false,
      staff_note: input.note ?? null,
      created_at: current?.created_at ?? now,
    });
    const items = lines.map((l): OrderItemRow => {
      const r = p.lines.find((x) => x.key === l.key)!;
      return {
        id: newId(),
        order_id: id,
        variant_id: l.variant.id,
        product_id: l.variant.productId,
        sku: l.variant.sku,
        title: l.variant.productTitle,
        variant_title: l.variant.title,
        quantity: l.quantity,
        refunded_quantity: 0,
        unit_price: l.unitPrice,
        discount: r.discount,
        tax: r.tax,
        line_total: r.lineTotal,
      };
    });
    return { order, items };
  }
}
