import type { Sequelize } from 'sequelize';
import { publicBaseUrl, type Config } from './config/config';
import type { DatabaseTarget } from './db/database-target';
import { Db } from './db/db';
import { createMigrator, type Migrator } from './db/migrator';
import { systemClock, type Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import { SecretBox } from './lib/secret-box';
import { SettingsRepository } from './db/settings.repository';
import { defineModels } from './models';
import {
  AccountService,
  AddressRepository,
  AuthService,
  createRateLimiter,
  KnownDeviceRepository,
  createSessionStore,
  PasswordHasher,
  RateLimitRepository,
  RecoveryCodeRepository,
  RefreshTokenRepository,
  SessionRepository,
  UserRepository,
  UserTokenRepository,
} from './modules/accounts';
import { AuditRepository, AuditService } from './modules/audit';
import { ApiKeyRepository, ApiKeyService } from './modules/api-keys';
import { IdentityRepository, IdentityService, OidcProviders } from './modules/identity';
import { API_PREFIX } from './lib/api-registry';
import {
  CatalogAdminRepository,
  CatalogAdminService,
  CatalogCache,
  CatalogCsvRepository,
  CatalogCsvService,
  CatalogImagesService,
  CatalogRepository,
  CatalogLocalizer,
  CatalogService,
  ProductChanges,
} from './modules/catalog';
import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import {
  ElasticsearchEngine,
  MariaDbSearchEngine,
  MariaDbSearchRepository,
  SearchRepository,
  SearchService,
  type SearchEngine,
} from './modules/search';
import { createImageStorage, ImageService } from './modules/media';
import { InventoryRepository, InventoryService, LowStockAlerts } from './modules/inventory';
import { CartRepository, CartService } from './modules/cart';
import { CheckoutService, IdempotencyStore } from './modules/checkout';
import { OrderRefunds, OrderRepository, OrderService, OrderWorkflow, RefundRepository, type OrderGiftCards } from './modules/orders';
import { ReturnsRepository, ReturnsService } from './modules/returns';
import { DraftOrderService } from './modules/drafts';
import { OrderEdits } from './modules/edits';
import {
  ManualPaymentProvider,
  PaymentEventRepository,
  PaymentGateway,
  PaymentProcessor,
  StripePaymentProvider,
  type PaymentProvider,
} from './modules/payments';
import { PricingAdminRepository, PricingAdminService, PricingRepository } from './modules/pricing';
import { CustomerGroupsRepository, CustomerGroupsService } from './modules/customer-groups';
import { CouponRepository, CouponService, PromotionRepository, PromotionService, sampleCartFrom } from './modules/promotions';
import { MarketsRepository, MarketsService, type MemberPrices } from './modules/markets';
import { TranslationsRepository, TranslationsService } from './modules/translations';
import { BalancesRepository, BalancesService } from './modules/balances';
import { EmailDeliveryRepository, EmailService, lowStockAlertMessage, Mailer, type EmailSender } from './modules/email';
import { JobQueue, JobRepository } from './modules/jobs';
import { ReviewRepository, ReviewService, WishlistRepository, WishlistService } from './modules/reviews';
import { HealthRepository, HealthService } from './modules/health';
import {
  AnalyticsRepository,
  AnalyticsRollupService,
  AnalyticsService,
  ConsentRepository,
  ConsentService,
  RollupRepository,
  visitorCookie,
} from './modules/analytics';
import { ReportsRepository, ReportsService } from './modules/reports';
import { PrivacyRepository, PrivacyService } from './modules/privacy';
import { CacheControl } from './modules/ops';
import { WebhookPublisher, WebhookSender, WebhooksRepository, WebhooksService } from './modules/webhooks';
import { PasskeyRepository, PasskeyService } from './modules/passkeys';

export interface ContainerDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** Where the database is (the session store opens its own mysql2 pool to it). */
  target: DatabaseTarget;
  clock?: Clock;
  email?: EmailSender;
  /** Tests pass a Stripe provider pointed at a local stand-in. */
  paymentProvider?: PaymentProvider;
  /** Tests pass an Elasticsearch client wired to @elastic/elasticsearch-mock. */
  elasticsearch?: ElasticsearchClient;
}

/** The composition root: every repository and service is built once here from explicit dependencies. */
export function createContainer(deps: ContainerDeps) {
  const { config, logger, sequelize } = deps;
  const clock = deps.clock ?? systemClock;
  // Every module's models, on this instance, before any repository reads through one.
  defineModels(sequelize);
  const db = new Db(sequelize);
  const migrator: Migrator = createMigrator(sequelize, logger);
  const sessionStore = createSessionStore(deps.target, config.session.cacheTtlSeconds);
  const sessions = new SessionRepository(db, sessionStore);
  const audit = new AuditService(new AuditRepository(db));
  const jobs = new JobQueue(new JobRepository(db), clock);
  const mailer = new Mailer(jobs, clock);
  // Outgoing webhooks: every module that publishes writes its events in its own transaction through this.
  const webhookRepo = new WebhooksRepository(db);
  const webhookEvents = new WebhookPublisher(webhookRepo, jobs, clock);
  const secretBox = new SecretBox(config.secrets.mfaEncryptionKey);
  const emailDeliveries = new EmailDeliveryRepository(db);
  const email =
    deps.email ??
    new EmailService(
      { smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: 'Bazaar <no-reply@bazaar.local>' },
      logger,
      emailDeliveries,
      clock,
    );
  const passkeyRepo = new PasskeyRepository();
  const identityRepo = new IdentityRepository();
  const accountDeps = {
    config,
    db,
    clock,
    logger,
    users: new UserRepository(db),
    userTokens: new UserTokenRepository(db),
    refreshTokens: new RefreshTokenRepository(db),
    recoveryCodes: new RecoveryCodeRepository(db),
    addresses: new AddressRepository(db),
    rateLimits: new RateLimitRepository(db),
    sessions,
    knownDevices: new KnownDeviceRepository(db),
    hasher: new PasswordHasher(config.auth.bcryptCost),
    secretBox,
    audit,
    mailer,
    webhooks: webhookEvents,
    hasPasskeys: (userId: string) => passkeyRepo.existsForUser(userId),
  };
  const auth = new AuthService(accountDeps);
  const accounts = new AccountService(accountDeps, auth);
  const identity = new IdentityService({
    ...accountDeps,
    auth,
    identities: identityRepo,
    // Passkeys are a way in too: an account keeps at least one.
    otherSignInMethods: async (userId) => ((await passkeyRepo.existsForUser(userId)) ? 1 : 0),
    providers: new OidcProviders(
      config.oidcProviders,
      (provider) => `${publicBaseUrl(config.http)}${API_PREFIX}/auth/oidc/${provider}/callback`,
      logger,
    ),
  });
  const passkeys = new PasskeyService({
    db,
    clock,
    passkeys: passkeyRepo,
    users: accountDeps.users,
    auth,
    audit,
    relyingParty: config.webauthn,
    // A password or a linked provider identity is another way in.
    canSignInWithoutPasskeys: async (user) => Boolean(user.passwordHash) || (await identityRepo.listForUser(user.id)).length > 0,
  });

  const inventory = new InventoryService(db, new InventoryRepository(db));
  const inventoryUrl = `${publicBaseUrl(config.http)}/admin/inventory`;
  const lowStockAlerts = new LowStockAlerts({
    lowStock: () => inventory.lowStock(),
    settings: new SettingsRepository(),
    adminEmails: () => accountDeps.users.activeAdminEmails(),
    sendAlert: (to, items) => mailer.send(lowStockAlertMessage(to, items, inventoryUrl)),
    announce: (items, tx) => webhookEvents.publish('inventory.low', { items }, tx),
    transaction: (fn) => db.transaction(fn),
  });
  const catalogCache = new CatalogCache(db);
  const catalogRepo = new CatalogRepository(db);
  const catalogAdminRepo = new CatalogAdminRepository(db);
  const images = new ImageService(createImageStorage({ cloudinaryUrl: config.cloudinaryUrl, dataDir: config.dataDir }));
  // A product that runs out (or comes back) changes the in-stock filter's results.
  inventory.onStockFlip((_ids, tx) => catalogCache.invalidate(tx));
  // Any committed stock change: this process reads those products' live stock again at once.
  inventory.onChange((levels) => catalogCache.forgetStock([...new Set(levels.map((l) => l.productId))]));
  const pricing = new PricingRepository(db, config.shop.currency);
  const translations = new TranslationsService(db, new TranslationsRepository(db));
  const markets = new MarketsService(db, new MarketsRepository(db), audit, {
    currency: config.shop.currency,
    languages: config.shop.languages,
    pricesIncludeTax: config.shop.pricesIncludeTax,
  });
  const coupons = new CouponService(new CouponRepository(db), clock);
  const orderRepo = new OrderRepository(db);
  const customerGroups = new CustomerGroupsService(
    db,
    new CustomerGroupsRepository(db),
    {
      byEmail: (email) => accountDeps.users.findByEmail(email),
      exists: async (userId) => Boolean(await accountDeps.users.findById(userId)),
    },
    clock,
  );
  const memberPrices: MemberPrices = {
    applies: async (userId, market) => (await customerGroups.listsFor(userId, market)).length > 0,
    prices: (userId, market, items) => customerGroups.memberPrices(userId, market, items),
  };
  const promotions = new PromotionService(db, new PromotionRepository(db), clock, {
    hasOrdered: (customer, tx) => orderRepo.hasOrdered(customer, tx),
    groupsOf: (userId) => customerGroups.groupsOf(userId),
    sampleCart: sampleCartFrom(catalogRepo, markets),
  });
  const cartRepo = new CartRepository(db);
  const carts = new CartService(db, cartRepo, coupons, promotions, markets, clock, config, config.shop.cartMaxLineQuantity, memberPrices);
  const paymentProvider: PaymentProvider =
    deps.paymentProvider ??
    (config.stripe.secretKey
      ? new StripePaymentProvider(config.stripe.secretKey, { webhookSecret: config.stripe.webhookSecret })
      : new ManualPaymentProvider());
  const refundRepo = new RefundRepository(db);
  const balances = new BalancesService(db, new BalancesRepository(db), clock, audit, config.shop.currency, {
    mailer,
    jobs,
    shopUrl: publicBaseUrl(config.http),
  });
  // The gift cards an order bought: issued when it is paid, taken back when their line is refunded.
  const orderGiftCards: OrderGiftCards = {
    issue: (purchase, tx) => balances.issuePurchased(purchase, tx),
    takeBack: (line, tx) => balances.takeBackPurchased(line, tx),
    revoke: (orderId, tx) => balances.revokePurchased(orderId, tx),
  };
  const orderWorkflow = new OrderWorkflow(
    orderRepo,
    refundRepo,
    inventory,
    coupons,
    balances,
    mailer,
    clock,
    config,
    (cartId, tx) => carts.clear(cartId, tx),
    orderGiftCards,
    promotions,
    webhookEvents,
  );
  const payments = new PaymentProcessor(db, new PaymentEventRepository(db), orderRepo, refundRepo, orderWorkflow, clock, logger);
  const paymentGateway = new PaymentGateway(paymentProvider, payments, logger);
  const idempotency = new IdempotencyStore(db, clock, config.shop.idempotencyLeaseSeconds * 1000, logger);

  const catalog = new CatalogService(
    catalogRepo,
    catalogCache,
    { showStockCounts: config.shop.showStockCounts },
    new CatalogLocalizer(catalogRepo, catalogCache, markets, translations, memberPrices),
  );
  const productChanges = new ProductChanges();
  const searchRepo = new SearchRepository(db);
  const esClient =
    deps.elasticsearch ??
    (config.elasticsearchUrl
      ? new ElasticsearchClient({ node: config.elasticsearchUrl, requestTimeout: 5_000, maxRetries: 1 })
      : undefined);
  const searchEngine: SearchEngine = esClient
    ? new ElasticsearchEngine(esClient, searchRepo, clock)
    : new MariaDbSearchEngine(new MariaDbSearchRepository(db), searchRepo, clock);
  const search = new SearchService(searchEngine, catalog, catalogRepo, catalogCache, jobs, logger);
  // Every product change reaches the index through a job enqueued in the writer's transaction.
  productChanges.on((ids, tx) => search.enqueueIndex(ids, tx));
  // Stock crossing zero changes the in-stock facet and filter of the search index too.
  inventory.onStockFlip((ids, tx) => search.enqueueIndex(ids, tx));

  const orderRefunds = new OrderRefunds(
    orderRepo,
    refundRepo,
    orderWorkflow,
    balances,
    orderGiftCards,
    paymentGateway,
    audit,
    clock,
    logger,
  );
  const orders = new OrderService(db, orderRepo, orderWorkflow, orderRefunds, paymentGateway, mailer, clock, logger, audit);

  const consentRepo = new ConsentRepository(db);
  const consent = new ConsentService(consentRepo, clock, config.analytics.consentPolicyVersion);
  const analyticsRepo = new AnalyticsRepository(db);

  const catalogAdmin = new CatalogAdminService(
    db,
    catalogAdminRepo,
    catalogRepo,
    inventory,
    catalogCache,
    config.shop.currency,
    productChanges,
    webhookEvents,
  );
  return {
    ...deps,
    clock,
    db,
    migrator,
    sessionStore,
    sessions,
    audit,
    email,
    emailDeliveries,
    mailer,
    jobs,
    auth,
    accounts,
    identity,
    passkeys,
    pricing,
    pricingAdmin: new PricingAdminService(new PricingAdminRepository()),
    markets,
    translations,
    coupons,
    promotions,
    customerGroups,
    carts,
    paymentProvider,
    orderWorkflow,
    payments,
    idempotency,
    checkout: new CheckoutService(
      db,
      carts,
      cartRepo,
      pricing,
      coupons,
      promotions,
      balances,
      orderRepo,
      orderWorkflow,
      inventory,
      paymentProvider,
      clock,
      config,
      logger,
      idempotency,
      orders,
    ),
    orders,
    drafts: new DraftOrderService(
      db,
      orderRepo,
      orders,
      orderWorkflow,
      catalogRepo,
      accountDeps.users,
      pricing,
      inventory,
      mailer,
      clock,
      audit,
      config,
    ),
    orderEdits: new OrderEdits(
      db,
      orderRepo,
      orders,
      orderWorkflow,
      orderRefunds,
      paymentGateway,
      catalogRepo,
      pricing,
      inventory,
      mailer,
      clock,
      audit,
      config,
    ),
    returns: new ReturnsService(
      db,
      new ReturnsRepository(),
      orderRepo,
      orders,
      orderWorkflow,
      orderRefunds,
      inventory,
      catalogRepo,
      pricing,
      images,
      mailer,
      clock,
      config.returns,
      webhookEvents,
    ),
    cartRateLimit: createRateLimiter(config, db, 'cart', { max: config.shop.cartRateLimitPerMinute, windowSeconds: 60 }),
    authRateLimit: createRateLimiter(config, db, 'auth', {
      max: config.auth.rateLimitMax,
      windowSeconds: config.auth.rateLimitWindowSeconds,
    }),
    health: new HealthService(new HealthRepository(sequelize), migrator),
    inventory,
    lowStockAlerts,
    catalogCache,
    catalog,
    reviews: new ReviewService(db, new ReviewRepository(db), catalogCache, clock, config.reviews, productChanges),
    search,
    productChanges,
    wishlist: new WishlistService(new WishlistRepository(db), catalogRepo, catalog, carts, clock),
    reviewRateLimits: [
      createRateLimiter(config, db, 'reviews-ip', { max: 30, windowSeconds: 3600 }),
      createRateLimiter(config, db, 'reviews-user', { max: 10, windowSeconds: 3600, perUser: true }),
    ],
    catalogAdmin,
    catalogCsv: new CatalogCsvService(
      db,
      new CatalogCsvRepository(db),
      catalogAdminRepo,
      catalogRepo,
      inventory,
      catalogCache,
      config.shop.currency,
      productChanges,
      (type, productId, tx) => catalogAdmin.announceProduct(type, productId, tx),
    ),
    catalogImages: new CatalogImagesService(db, catalogAdminRepo, catalogRepo, images, catalogCache, logger),
    visitors: visitorCookie(config),
    consent,
    analytics: new AnalyticsService(consent, analyticsRepo, clock),
    balances,
    giftCardLookupLimit: createRateLimiter(config, db, 'gift-card-lookup', { max: 10, windowSeconds: 60 }),
    analyticsRateLimit: createRateLimiter(config, db, 'analytics', { max: config.analytics.rateLimitPerMinute, windowSeconds: 60 }),
    analyticsRollup: new AnalyticsRollupService(db, new RollupRepository(db), clock),
    reports: new ReportsService(new ReportsRepository(db), inventory, clock, config.shop.currency),
    privacy: new PrivacyService({
      db,
      clock,
      users: accountDeps.users,
      hasher: accountDeps.hasher,
      sessions,
      accounts,
      audit,
      orders: orderRepo,
      analytics: analyticsRepo,
      consents: consentRepo,
      privacy: new PrivacyRepository(db),
      signInMethods: async (userId) => ({
        identities: (await identity.list(userId)).items.map(({ provider, providerName, email, linkedAt }) => ({
          provider,
          providerName,
          email,
          linkedAt,
        })),
        passkeys: (await passkeys.list(userId)).map(({ name, deviceType, createdAt, lastUsedAt }) => ({
          name,
          deviceType,
          createdAt,
          lastUsedAt,
        })),
      }),
    }),
    cacheControl: new CacheControl(catalogCache, audit),
    apiKeys: new ApiKeyService({
      db,
      keys: new ApiKeyRepository(),
      users: accountDeps.users,
      audit,
      clock,
      lastUsedIntervalSeconds: 60,
    }),
    apiKeyRateLimit: createRateLimiter(config, db, 'api-key', {
      max: config.apiKeys.rateLimitPerMinute,
      windowSeconds: 60,
      keyBy: (req) => req.apiKey?.id ?? '',
    }),
    webhookEvents,
    webhooks: new WebhooksService({
      db,
      repo: webhookRepo,
      publisher: webhookEvents,
      jobs,
      sender: new WebhookSender(config.webhooks),
      secrets: secretBox,
      clock,
      audit,
      mailer,
      // settings:write is the admin role's (accounts/permissions.ts): the active admins are told.
      staffEmails: () => accountDeps.users.activeAdminEmails(),
      allowPrivate: config.webhooks.allowPrivate,
      timeoutMs: config.webhooks.timeoutMs,
      adminUrl: `${publicBaseUrl(config.http)}/admin/webhooks`,
      logger,
    }),
    /** Releases what the container opened itself (the session store's pool and timers). */
    async close() {
      catalogCache.close();
      if (esClient && !deps.elasticsearch) await esClient.close();
      await sessionStore.close();
    },
  };
}
export type Container = ReturnType<typeof createContainer>;
