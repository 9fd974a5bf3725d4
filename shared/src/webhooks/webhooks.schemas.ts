import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { paginated, PaginationQuery } from '../common/pagination.schemas';

/** The version of the payload format; a change that could break a receiver gets a new one. */
export const WEBHOOK_API_VERSION = '2026-12-01';

/** The events an endpoint may subscribe to. */
export const WebhookEventType = z.enum([
  'order.created',
  'order.paid',
  'order.fulfilled',
  'order.cancelled',
  'refund.created',
  'return.requested',
  'return.updated',
  'product.created',
  'product.updated',
  'product.deleted',
  'inventory.low',
  'customer.created',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
export const WEBHOOK_EVENT_TYPES = WebhookEventType.options;

/** What staff see next to each event in the checklist. */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'order.created': 'An order was placed at checkout',
  'order.paid': 'An order’s payment was captured',
  'order.fulfilled': 'An order was shipped',
  'order.cancelled': 'An order was cancelled (by staff, the shopper, or its reservation expired)',
  'refund.created': 'Money was refunded on an order',
  'return.requested': 'A shopper asked to return, exchange or claim',
  'return.updated': 'A return moved on (approved, received, refunded, rejected…)',
  'product.created': 'A product was created',
  'product.updated': 'A product or one of its variants changed',
  'product.deleted': 'A product was deleted',
  'inventory.low': 'Variants reached their low-stock threshold',
  'customer.created': 'A customer registered',
};

/** `ping` is sent only by "Send test event"; nobody subscribes to it. */
export const WebhookPayloadType = z.union([WebhookEventType, z.literal('ping')]);
export type WebhookPayloadType = z.infer<typeof WebhookPayloadType>;

export const WebhookOrderLine = z.object({
  sku: z.string(),
  title: z.string(),
  quantity: z.number().int(),
  unitPrice: Money,
  lineTotal: Money,
});
export const WebhookOrder = z.object({
  id: Id,
  number: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  email: z.string(),
  currency: z.string(),
  total: Money,
  refunded: Money,
  createdAt: z.string(),
  lines: z.array(WebhookOrderLine),
});
export type WebhookOrder = z.infer<typeof WebhookOrder>;

export const WebhookProduct = z.object({
  id: Id,
  slug: z.string(),
  title: z.string(),
  status: z.string(),
  variants: z.array(z.object({ id: Id, sku: z.string(), title: z.string(), price: Money, available: z.number().int() })),
});
export type WebhookProduct = z.infer<typeof WebhookProduct>;

export const WebhookReturn = z.object({ id: Id, number: z.string(), orderId: Id, kind: z.string(), status: z.string() });

/** The `data` of each event type. */
export const WebhookEventData = {
  'order.created': z.object({ order: WebhookOrder }),
  'order.paid': z.object({ order: WebhookOrder }),
  'order.fulfilled': z.object({
    order: WebhookOrder,
    shipment: z.object({ carrier: z.string(), trackingNumber: z.string() }),
  }),
  'order.cancelled': z.object({ order: WebhookOrder }),
  'refund.created': z.object({
    refund: z.object({ amount: Money, storeCredit: Money, reason: z.string().nullable() }),
    order: WebhookOrder,
  }),
  'return.requested': z.object({ return: WebhookReturn }),
  'return.updated': z.object({ return: WebhookReturn, action: z.string() }),
  'product.created': z.object({ product: WebhookProduct }),
  'product.updated': z.object({ product: WebhookProduct }),
  'product.deleted': z.object({ product: z.object({ id: Id }) }),
  'inventory.low': z.object({
    items: z.array(
      z.object({ variantId: Id, sku: z.string(), title: z.string(), available: z.number().int(), threshold: z.number().int() }),
    ),
  }),
  'customer.created': z.object({ customer: z.object({ id: Id, email: z.string(), name: z.string(), createdAt: z.string() }) }),
  ping: z.object({ message: z.string() }),
} satisfies Record<WebhookPayloadType, z.ZodType>;
export type WebhookEventDataOf<T extends WebhookPayloadType> = z.infer<(typeof WebhookEventData)[T]>;

/** What a receiver gets: the body of every delivery of one event (the same bytes on every retry). */
export const WebhookPayload = z
  .object({
    /** Unique per event, the same on every retry and redelivery: receivers dedupe by it. */
    id: z.string().regex(/^evt_[A-Za-z0-9]+$/),
    type: WebhookPayloadType,
    apiVersion: z.literal(WEBHOOK_API_VERSION),
    createdAt: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** Only https, unless the server allows private endpoints (checked again by the server, with DNS). */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }));

export const WebhookEndpoint = z
  .object({
    id: Id,
    url: z.string(),
    description: z.string(),
    events: z.array(WebhookEventType),
    enabled: z.boolean(),
    /** Why it was turned off by the shop rather than staff (`failing`: 24 h without a delivery). */
    disabledReason: z.enum(['failing']).nullable(),
    /** Since when every attempt has failed (null while healthy). */
    failingSince: z.string().nullable(),
    /** The end of the signing secret, to tell secrets apart. */
    secretHint: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Answered once, on creation and on rotation: the secret is never shown again. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: z.string() }).meta({ id: 'WebhookEndpointWithSecret' });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointInput = z
  .object({
    url: WebhookUrl,
    description: z.string().trim().max(200).default(''),
    events: z.array(WebhookEventType).min(1, 'Choose at least one event'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookEndpointInput = z.input<typeof WebhookEndpointInput>;

export const WebhookEndpointUpdate = z
  .object({
    url: WebhookUrl.optional(),
    description: z.string().trim().max(200).optional(),
    events: z.array(WebhookEventType).min(1, 'Choose at least one event').optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  attemptedAt: z.string(),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  /** The first 2 000 characters. */
  responseBody: z.string().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    eventType: WebhookPayloadType,
    status: WebhookDeliveryStatus,
    attempts: z.array(WebhookAttempt),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export const WebhookDeliveryList = paginated(WebhookDelivery);
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;
export const WebhookDeliveryListQuery = PaginationQuery.extend({ status: WebhookDeliveryStatus.optional() }).strict();
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuery>;
export const WebhookDeliveryParams = z.object({ id: Id, deliveryId: z.coerce.number().int().min(1) }).strict();
