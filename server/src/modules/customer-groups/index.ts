export { CustomerGroupsRepository, type PriceListRecord } from './customer-groups.repository';
export { CustomerGroupsService, type GroupAccounts, type MarketPrice } from './customer-groups.service';
export { registerCustomerGroupRoutes } from './customer-groups.routes';
export { defineCustomerGroupsModels } from './customer-groups.models';
