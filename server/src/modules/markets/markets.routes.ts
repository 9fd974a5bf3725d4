import {
  AdminExchangeRate,
  AdminMarket,
  CurrencyParams,
  ExchangeRateInput,
  IdParams,
  MarketInput,
  MarketUpdate,
  StoreMarketList,
  StoreMarketQuery,
  VariantCurrencyPrice,
  VariantCurrencyPrices,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { MarketsService } from './markets.service';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** The markets a shopper can choose; markets, exchange rates and per-currency prices for staff with `settings:write`. */
export function registerMarketRoutes(api: ApiRegistry, markets: MarketsService): void {
  api.route({
    method: 'get',
    path: '/markets',
    summary: "The markets on sale, and the one for the shopper's country (`?country=DE`)",
    tags: ['markets'],
    request: { query: StoreMarketQuery },
    response: StoreMarketList,
    handler: ({ query }) => markets.storeList(query.country),
  });

  const tags = ['admin: markets'];
  const permission = 'settings:write' as const;
  api.route({
    method: 'get',
    path: '/admin/markets',
    summary: 'Markets (the default one first)',
    tags,
    permission,
    response: list(AdminMarket),
    handler: async () => ({ items: await markets.list() }),
  });
  api.route({
    method: 'post',
    path: '/admin/markets',
    summary: 'Create a market',
    tags,
    permission,
    recentAuth: true,
    request: { body: MarketInput },
    response: AdminMarket,
    handler: ({ body }) => markets.create(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/markets/:id',
    summary: 'Change a market',
    tags,
    permission,
    recentAuth: true,
    request: { params: IdParams, body: MarketUpdate },
    response: AdminMarket,
    handler: ({ params, body }) => markets.update(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/markets/:id',
    summary: 'Delete a market (its carts fall back to the default market)',
    tags,
    permission,
    recentAuth: true,
    request: { params: IdParams },
    status: 204,
    handler: ({ params }) => markets.remove(params.id),
  });
  api.route({
    method: 'get',
    path: '/admin/exchange-rates',
    summary: 'Exchange rates from the base currency',
    tags,
    permission,
    response: list(AdminExchangeRate),
    handler: async () => ({ items: await markets.rates() }),
  });
  api.route({
    method: 'put',
    path: '/admin/exchange-rates/:currency',
    summary: 'Set a rate (audited); derived prices in that currency follow at once',
    tags,
    permission,
    recentAuth: true,
    request: { params: CurrencyParams, body: ExchangeRateInput },
    response: AdminExchangeRate,
    handler: ({ params, body }, req) => markets.setRate(params.currency, body.rate, currentUser(req).id),
  });
  api.route({
    method: 'delete',
    path: '/admin/exchange-rates/:currency',
    summary: 'Remove a rate no active market sells in',
    tags,
    permission,
    recentAuth: true,
    request: { params: CurrencyParams },
    status: 204,
    handler: ({ params }, req) => markets.removeRate(params.currency, currentUser(req).id),
  });
  api.route({
    method: 'get',
    path: '/admin/variants/:id/prices',
    summary: "A variant's explicit prices in other currencies",
    tags,
    permission,
    request: { params: IdParams },
    response: list(VariantCurrencyPrice),
    handler: ({ params }) => markets.variantPrices(params.id),
  });
  api.route({
    method: 'put',
    path: '/admin/variants/:id/prices',
    summary: "Replace a variant's explicit prices in other currencies (the others are derived)",
    tags,
    permission,
    request: { params: IdParams, body: VariantCurrencyPrices },
    response: list(VariantCurrencyPrice),
    handler: ({ params, body }) => markets.setVariantPrices(params.id, body.items),
  });
}
