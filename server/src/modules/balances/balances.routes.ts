import type { RequestHandler } from 'express';
import {
  GiftCardBalance,
  GiftCardIssue,
  GiftCardLookup,
  IdParams,
  IssuedGiftCard,
  StoreCredit,
  StoreCreditAdjustment,
  AdminGiftCard,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { BalancesService } from './balances.service';

export interface BalanceRouteDeps {
  balances: BalancesService;
  /** Code look-ups are rate-limited per IP: codes cannot be guessed by trying. */
  lookupLimit: RequestHandler;
}

export function registerBalanceRoutes(api: ApiRegistry, d: BalanceRouteDeps): void {
  api.route({
    method: 'get',
    path: '/me/store-credit',
    summary: 'My store credit: the balance and its latest movements',
    tags: ['me'],
    auth: 'user',
    response: StoreCredit,
    handler: (_i, req) => d.balances.storeCredit(currentUser(req).id),
  });
  api.route({
    method: 'post',
    path: '/gift-cards/lookup',
    summary: "A gift card's balance by its code (an unknown or expired code is 404, rate-limited)",
    tags: ['gift cards'],
    auth: 'optional',
    status: 200,
    guards: [d.lookupLimit],
    request: { body: GiftCardLookup },
    response: GiftCardBalance,
    handler: ({ body }) => d.balances.giftCardBalance(body.code),
  });

  const admin = ['admin: balances'];
  api.route({
    method: 'get',
    path: '/admin/customers/:id/store-credit',
    summary: "A customer's store credit",
    tags: admin,
    permission: 'customers:read',
    request: { params: IdParams },
    response: StoreCredit,
    handler: ({ params }) => d.balances.storeCredit(params.id),
  });
  api.route({
    method: 'post',
    path: '/admin/customers/:id/store-credit',
    summary: "Credit (positive) or debit (negative) a customer's store credit, with a reason (audited)",
    tags: admin,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: StoreCreditAdjustment },
    response: StoreCredit,
    handler: ({ params, body }, req) => d.balances.adjustStoreCredit(params.id, body.amount, body.note, currentUser(req).id),
  });
  api.route({
    method: 'get',
    path: '/admin/gift-cards',
    summary: 'Gift cards (their codes are never shown again)',
    tags: admin,
    permission: 'orders:read',
    response: z.object({ items: z.array(AdminGiftCard) }),
    handler: async () => ({ items: await d.balances.giftCards() }),
  });
  api.route({
    method: 'post',
    path: '/admin/gift-cards',
    summary: 'Issue a gift card: the answer carries its code, this once',
    tags: admin,
    permission: 'orders:refund',
    status: 201,
    request: { body: GiftCardIssue },
    response: IssuedGiftCard,
    handler: ({ body }, req) => d.balances.issueGiftCard(body, currentUser(req).id),
  });
}
