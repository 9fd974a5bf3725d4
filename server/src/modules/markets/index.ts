export { DEFAULT_MARKET_CODE, MarketsService, type BasePrice, type MarketContext, type MemberPrices } from './markets.service';
export { MarketsRepository } from './markets.repository';
export { registerMarketRoutes } from './markets.routes';
export { defineMarketsModels, ExchangeRate, Market, VariantPrice } from './markets.models';
