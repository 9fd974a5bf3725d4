import { z } from 'zod';
import type { JobDefinition } from './job.types';

/** What the delivery job carries (balances enqueues it when an order is paid, due at the card's send date). */
const GiftCardDelivery = z.object({
  giftCardId: z.string().min(1),
  from: z.string(),
  recipientName: z.string().optional(),
  message: z.string().optional(),
  /** The buyer's account was erased while the card waited: once it is sent, the card forgets its recipient's address too. */
  forgetRecipient: z.boolean().optional(),
});
export type GiftCardDelivery = z.infer<typeof GiftCardDelivery>;

export interface GiftCardJobServices {
  /** Makes the card's code and emails it; a card that already has one (a rerun) or was emptied sends nothing. */
  giftCards: { deliver(delivery: GiftCardDelivery): Promise<'sent' | 'skipped'> };
}

/** Bought gift cards reach their recipients on the day the buyer chose. */
export const giftCardJobs: JobDefinition<unknown, GiftCardJobServices>[] = [
  {
    name: 'giftcards.deliver',
    maxAttempts: 8,
    run: async (payload, { services, logger }) => {
      const delivery = GiftCardDelivery.parse(payload);
      const outcome = await services.giftCards.deliver(delivery);
      logger.info({ giftCardId: delivery.giftCardId, outcome }, 'gift card delivery');
    },
  },
];
