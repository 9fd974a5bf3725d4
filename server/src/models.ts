import type { Sequelize } from 'sequelize';
import { defineSettingsModels } from './db/settings.models';
import { defineAccountsModels } from './modules/accounts';
import { defineAnalyticsModels } from './modules/analytics';
import { defineApiKeysModels } from './modules/api-keys';
import { defineAuditModels } from './modules/audit';
import { defineBalancesModels } from './modules/balances';
import { defineCartModels } from './modules/cart';
import { defineCatalogModels } from './modules/catalog';
import { defineCheckoutModels } from './modules/checkout';
import { defineCustomerGroupsModels } from './modules/customer-groups';
import { defineEmailModels } from './modules/email';
import { defineIdentityModels } from './modules/identity';
import { defineInventoryModels } from './modules/inventory';
import { defineJobsModels } from './modules/jobs';
import { defineMarketsModels } from './modules/markets';
import { defineOrdersModels } from './modules/orders';
import { definePasskeysModels } from './modules/passkeys';
import { definePaymentsModels } from './modules/payments';
import { definePricingModels } from './modules/pricing';
import { definePromotionsModels } from './modules/promotions';
import { defineReturnsModels } from './modules/returns';
import { defineReviewsModels } from './modules/reviews';
import { defineSearchModels } from './modules/search';
import { defineTranslationsModels } from './modules/translations';
import { defineWebhooksModels } from './modules/webhooks';

/** Every module's models, in the order their tables are created. */
const DEFINE_MODELS = [
  defineSettingsModels,
  defineAccountsModels,
  defineAuditModels,
  defineCatalogModels,
  defineInventoryModels,
  defineJobsModels,
  defineCartModels,
  definePromotionsModels,
  definePricingModels,
  defineOrdersModels,
  defineCheckoutModels,
  definePaymentsModels,
  defineReviewsModels,
  defineSearchModels,
  defineAnalyticsModels,
  defineEmailModels,
  defineBalancesModels,
  defineReturnsModels,
  defineMarketsModels,
  defineTranslationsModels,
  defineCustomerGroupsModels,
  defineApiKeysModels,
  defineWebhooksModels,
  defineIdentityModels,
  definePasskeysModels,
];

/**
 * Defines every module's models on the shared Sequelize instance, once at start-up (the container
 * calls it). Models describe tables; they never create them: `migrations/` owns the schema and there
 * is no sequelize.sync(). test/integration/models-schema.test.ts checks each model against the
 * migrated table.
 *
 * A model class is bound to one Sequelize instance at a time (the last one it was defined on), so a
 * process has one database the models speak to: the container's.
 */
export function defineModels(sequelize: Sequelize): void {
  for (const define of DEFINE_MODELS) define(sequelize);
}
