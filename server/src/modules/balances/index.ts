export { BalancesRepository } from './balances.repository';
export { BalancesService } from './balances.service';
export { registerBalanceRoutes, type BalanceRouteDeps } from './balances.routes';
export { BalanceAccount, BalanceLedgerEntry, defineBalancesModels } from './balances.models';
