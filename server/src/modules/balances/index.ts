export { BalancesRepository } from './balances.repository';
export {
  BalancesService,
  ERASED_GIFT_CARD_SENDER,
  GIFT_CARD_DELIVERY_JOB,
  type GiftCardDelivery,
  type GiftCardPurchase,
  type GiftCardTakeBack,
} from './balances.service';
export { registerBalanceRoutes, type BalanceRouteDeps } from './balances.routes';
export { BalanceAccount, BalanceLedgerEntry, defineBalancesModels } from './balances.models';
