import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Container } from './container';
import { ApiRegistry, API_PREFIX } from './lib/api-registry';
import { apiDocsRouter } from './lib/api-docs';
import { AppError } from './lib/errors';
import { errorHandler, notFoundHandler, rejectMalformedPath } from './lib/error-handler';
import { requestLogger } from './lib/request-logger';
import { fixedHeaders } from './lib/fixed-headers';
import { guestRouter } from './lib/http-cache';
import { buildOpenApiDocument } from './lib/openapi';
import { APP_VERSION } from './lib/version';
import { registerHealthRoutes } from './modules/health';
import { Metrics } from './modules/metrics';
import { registerJobRoutes } from './modules/jobs';
import { registerCartRoutes } from './modules/cart';
import { registerCheckoutRoutes } from './modules/checkout';
import { registerOrderRoutes } from './modules/orders';
import { registerPaymentRoutes } from './modules/payments';
import { registerPricingAdminRoutes, registerPricingRoutes } from './modules/pricing';
import { registerMarketRoutes } from './modules/markets';
import { registerTranslationRoutes } from './modules/translations';
import { registerCouponAdminRoutes, registerPromotionAdminRoutes } from './modules/promotions';
import { registerCustomerGroupRoutes } from './modules/customer-groups';
import { registerBalanceRoutes } from './modules/balances';
import { registerReturnRoutes } from './modules/returns';
import { registerDraftOrderRoutes } from './modules/drafts';
import { registerOrderEditRoutes } from './modules/edits';
import { registerReviewRoutes } from './modules/reviews';
import { registerSearchRoutes } from './modules/search';
import { registerAnalyticsRoutes } from './modules/analytics';
import { registerReportRoutes } from './modules/reports';
import { registerPrivacyRoutes } from './modules/privacy';
import { registerOpsRoutes } from './modules/ops';
import { registerWebhookRoutes } from './modules/webhooks';
import { registerIdentityRoutes } from './modules/identity';
import { registerPasskeyRoutes } from './modules/passkeys';
import { storefrontRouter } from './modules/seo';
import { apiKeyAuthentication, refuseApiKey, registerApiKeyRoutes, unlessApiKey } from './modules/api-keys';
import { registerStorefrontConfigRoutes, storefrontConfig, STRIPE_CSP } from './modules/storefront';
import { registerAdminCatalogRoutes, registerCatalogCsvRoutes, registerCatalogRoutes } from './modules/catalog';
import {
  optionalUser,
  permissionGuard,
  recentAuthGuard,
  registerAdminUserRoutes,
  registerAuthRoutes,
  registerMeRoutes,
  requireCsrfToken,
  requireUser,
  lazySession,
  sessionLifecycle,
  sessionCookieTest,
  sessionMiddleware,
} from './modules/accounts';

declare module 'node:http' {
  interface IncomingMessage {
    /** The unparsed request body, kept for signature checks (Stripe webhooks). */
    rawBody?: Buffer;
  }
}

const BODY_TYPES = ['application/json', 'multipart/form-data', 'text/csv'];

/** Mutating requests that carry a body must say it is one of the types we read. */
const requireKnownBodyType: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !req.is(BODY_TYPES)) {
    return next(new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${BODY_TYPES.join(', ')}.`));
  }
  next();
};

export interface CreatedApp {
  app: Express;
  registry: ApiRegistry;
  /** The same session middleware, for socket.io's handshake. */
  session: RequestHandler;
  metrics: Metrics;
}

/**
 * The Express app built from explicit dependencies, without listening: main.ts listens,
 * tests drive it in-process with supertest.
 */
export function createApp(container: Container): CreatedApp {
  const { config, logger } = container;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);

  const metrics = new Metrics(container);
  app.use(metrics.middleware());
  app.get('/metrics', metrics.handler(config.metricsToken));
  // 2xx at debug: at the production level `info` only client errors and failures are written.
  app.use(requestLogger(logger, { ignore: (req) => req.url === '/healthz' }));
  const storefrontSettings = storefrontConfig(config, container.paymentProvider);
  // Stripe.js and its iframes are allowed only when the checkout will load them.
  const stripe = storefrontSettings.payments.stripePublishableKey ? STRIPE_CSP : undefined;
  app.use(
    fixedHeaders(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'", ...(stripe?.['script-src'] ?? [])],
            'style-src': ["'self'"],
            'img-src': ["'self'", 'data:', 'blob:'],
            'font-src': ["'self'"],
            'connect-src': ["'self'", ...(stripe?.['connect-src'] ?? [])],
            ...(stripe ? { 'frame-src': ["'self'", ...stripe['frame-src']] } : {}),
            'object-src': ["'none'"],
            'base-uri': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
            'manifest-src': ["'self'"],
            'worker-src': ["'self'"],
          },
        },
        strictTransportSecurity: config.cookieSecure,
      }),
    ),
  );

  app.use(rejectMalformedPath);

  const registry = new ApiRegistry({
    csrf: requireCsrfToken,
    requireUser,
    optionalUser,
    requirePermission: permissionGuard(config),
    refuseApiKey,
    requireRecentAuth: recentAuthGuard(config, container.clock),
  });
  // Bearer API keys, before the guest fast path and the session: a key request never gets a session.
  app.use(API_PREFIX, apiKeyAuthentication(container.apiKeys, container.apiKeyRateLimit));
  // Cached catalog reads for visitors without a session skip everything below (see lib/http-cache);
  // they compress their bodies themselves, once per distinct body.
  const hasSessionCookie = sessionCookieTest(config.session.cookieName);
  app.use(
    API_PREFIX,
    guestRouter(registry, (req) => !hasSessionCookie(req) && !req.apiKey),
  );
  app.use(compression());
  registerHealthRoutes(registry, container.health);
  registerStorefrontConfigRoutes(registry, storefrontSettings);
  const signIn = registerAuthRoutes(registry, {
    config,
    clock: container.clock,
    auth: container.auth,
    authRateLimit: container.authRateLimit,
    // The guest's cart joins the account's at sign-in.
    onSignIn: (userId, guestCartId) => container.carts.mergeGuestCart(guestCartId, userId),
  });
  registerPasskeyRoutes(registry, {
    passkeys: container.passkeys,
    authRateLimit: container.authRateLimit,
    completeSignIn: signIn.complete,
    clock: container.clock,
  });
  registerMeRoutes(registry, container.accounts);
  // Sign-in with OpenID Connect providers finishes through the same completion as a password sign-in.
  registerIdentityRoutes(registry, {
    identity: container.identity,
    signIn,
    clock: container.clock,
    logger,
    authRateLimit: container.authRateLimit,
  });
  registerAdminUserRoutes(registry, container.accounts, container.audit);
  registerCatalogRoutes(registry, container.catalog);
  registerJobRoutes(registry, container.jobs);
  registerCouponAdminRoutes(registry, container.coupons);
  registerPromotionAdminRoutes(registry, container.promotions, container.config.shop.currency);
  registerCustomerGroupRoutes(registry, container.customerGroups);
  registerBalanceRoutes(registry, { balances: container.balances, lookupLimit: container.giftCardLookupLimit });
  registerReturnRoutes(registry, container.returns);
  registerDraftOrderRoutes(registry, container.drafts);
  registerOrderEditRoutes(registry, container.orderEdits);
  registerWebhookRoutes(registry, container.webhooks);
  registerPricingAdminRoutes(registry, container.pricingAdmin);
  registerMarketRoutes(registry, container.markets);
  registerTranslationRoutes(registry, container.translations);
  registerCartRoutes(registry, { carts: container.carts, cartRateLimit: container.cartRateLimit });
  registerPricingRoutes(registry, container.pricing);
  registerCheckoutRoutes(registry, container.checkout);
  registerPaymentRoutes(registry, { orders: container.orders, processor: container.payments, provider: container.paymentProvider });
  registerOrderRoutes(registry, container.orders);
  registerSearchRoutes(registry, container.search);
  registerReviewRoutes(registry, container.reviews, container.wishlist, container.reviewRateLimits);
  registerCatalogCsvRoutes(registry, container.catalogCsv);
  registerAdminCatalogRoutes(registry, container.catalogAdmin, container.inventory, container.catalogImages);
  registerAnalyticsRoutes(registry, {
    consent: container.consent,
    analytics: container.analytics,
    visitors: container.visitors,
    rateLimit: container.analyticsRateLimit,
  });
  registerReportRoutes(registry, container.reports);
  registerPrivacyRoutes(registry, {
    config,
    privacy: container.privacy,
    visitors: container.visitors,
    passwordRateLimit: container.authRateLimit,
  });
  registerOpsRoutes(registry, container.cacheControl);
  registerApiKeyRoutes(registry, container.apiKeys);

  let openApiDocument: unknown;
  app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    openApiDocument ??= buildOpenApiDocument(registry, APP_VERSION);
    res.json(openApiDocument);
  });
  app.use('/api/docs', apiDocsRouter());

  if (!config.cloudinaryUrl) {
    // Local image storage: files are content-addressed by a fresh id per upload, so they never change.
    // No directory redirects: they echo the request path into Location (see seo.ts).
    app.use(
      '/uploads',
      express.static(path.join(config.dataDir, 'uploads'), {
        immutable: true,
        maxAge: '365d',
        index: false,
        redirect: false,
        fallthrough: true,
      }),
    );
  }
  app.use(registry.rootRouter);
  const session = sessionMiddleware(config, container.sessionStore);
  app.use(
    API_PREFIX,
    unlessApiKey(lazySession(session, config.session.cookieName)),
    unlessApiKey(sessionLifecycle(config, container.clock)),
    requireKnownBodyType,
    express.json({
      limit: config.http.jsonBodyLimit,
      verify: (req: IncomingMessage, _res, buf) => {
        req.rawBody = buf;
      },
    }),
    registry.apiRouter,
  );

  // The storefront (client/dist, built by `npm start`), with server-rendered SEO tags.
  const storefront = storefrontRouter({
    clientDir: config.clientDir,
    publicUrl: config.http.publicUrl,
    catalog: container.catalog,
    markets: async () => (await container.markets.storeList()).items,
  });
  if (storefront) app.use(storefront);

  app.use(notFoundHandler);
  app.use(errorHandler(logger, config.env === 'development'));
  return { app, registry, session, metrics };
}
