import path from 'node:path';
import { z } from 'zod';
import { envBoolean, envInt, envUrl, withoutEmpty } from './env';
import { DEFAULT_DATA_DIR, REPO_ROOT } from './paths';
import { resolveSecrets, type SecretsWarning } from './secrets';

export const DEFAULT_DATABASE_URL = 'mariadb://root@127.0.0.1:3306/bazaar';

/** Every environment variable Bazaar reads. `.env.example` documents the same list. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: envInt(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: envUrl(['http', 'https']).optional(),
  DATABASE_URL: envUrl(['mariadb', 'mysql']).optional(),
  DB_POOL_MIN: envInt(5, 0, 1000),
  DB_POOL_MAX: envInt(20, 1, 1000),
  DB_CONNECT_TIMEOUT_MS: envInt(30_000, 100, 600_000),
  DB_EMBEDDED: z.enum(['auto', 'off']).default('auto'),
  SLOW_QUERY_MS: envInt(200, 0, 600_000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MFA_ENCRYPTION_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_/, 'must start with sk_ or rk_')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must start with whsec_')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_/, 'must start with pk_').optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: envUrl(['http', 'https']).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().trim().min(1).max(40).default('OpenID Connect'),
  CLOUDINARY_URL: envUrl(['cloudinary']).optional(),
  ELASTICSEARCH_URL: envUrl(['http', 'https']).optional(),
  SMTP_URL: envUrl(['smtp', 'smtps']).optional(),
  REDIS_URL: envUrl(['redis', 'rediss']).optional(),
  TRUST_PROXY: z.string().default('false'),
  COOKIE_SECURE: envBoolean(false),
  WORKER: z.enum(['on', 'off']).default('on'),
  WORKER_CONCURRENCY: envInt(4, 1, 64),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  RATE_LIMIT_ENABLED: envBoolean(true),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('1mb'),
  DATA_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_DATA_DIR)
    .transform((dir) => path.resolve(REPO_ROOT, dir)),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 0, 600_000),
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  BCRYPT_COST: envInt(12, 4, 15),
  SESSION_IDLE_TIMEOUT_SECONDS: envInt(86_400, 60, 31_536_000),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: envInt(604_800, 60, 31_536_000),
  SESSION_TOUCH_INTERVAL_SECONDS: envInt(60, 0, 86_400),
  SESSION_CACHE_TTL_SECONDS: envInt(300, 0, 3_600),
  SESSION_SAME_SITE: z.enum(['lax', 'strict']).default('lax'),
  SESSION_BIND_USER_AGENT: envBoolean(false),
  SESSION_REAUTH_ON_CHANGE: envBoolean(true),
  SESSION_REAUTH_MAX_AGE_MINUTES: envInt(15, 0, 1_440),
  REQUIRE_ADMIN_MFA: envBoolean(false),
  AUTH_RATE_LIMIT_MAX: envInt(30, 1, 100_000),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: envInt(900, 1, 86_400),
  SHOP_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  /** The default market's languages, its default first (the storefront has complete texts for en and de). */
  SHOP_LANGUAGES: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?(,[a-z]{2}(-[A-Z]{2})?)*$/, 'must be language codes separated by commas, such as en,de')
    .default('en,de'),
  SHOW_STOCK_COUNTS: envBoolean(false),
  PRICES_INCLUDE_TAX: envBoolean(false),
  CART_MAX_LINE_QUANTITY: envInt(10, 1, 10_000),
  CART_RATE_LIMIT_PER_MINUTE: envInt(120, 1, 100_000),
  RESERVATION_MINUTES: envInt(15, 1, 1440),
  IDEMPOTENCY_LEASE_SECONDS: envInt(20, 1, 600),
  RETURN_WINDOW_DAYS: envInt(30, 0, 3650),
  RETURN_REASONS: z.string().default('Does not fit,Not as described,Damaged,Arrived too late,Changed my mind,Other'),
  /** Deducted from a return's refund unless staff waive it (minor units). */
  RETURN_SHIPPING_FEE: envInt(0, 0, 1_000_000),
  /** Restocking fee in basis points of the returned goods' value (1000 = 10%). */
  RETURN_RESTOCKING_FEE_BP: envInt(0, 0, 10_000),
  REVIEW_AUTO_APPROVE: z.enum(['off', 'verified']).default('verified'),
  REVIEW_BLOCKED_WORDS: z.string().default(''),
  REVIEW_REPORT_THRESHOLD: envInt(3, 1, 1000),
  CONSENT_POLICY_VERSION: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1–32 letters, digits, dots, dashes or underscores')
    .default('2026-11-24'),
  ANALYTICS_RATE_LIMIT_PER_MINUTE: envInt(60, 1, 100_000),
  /** Requests a minute one API key may make (every process counts against the same limit). */
  API_KEY_RATE_LIMIT: envInt(600, 1, 1_000_000),
  /** Outgoing webhooks may call http and private/loopback addresses (tests, on-premise receivers). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** How long a receiver has to answer one delivery. */
  WEBHOOK_TIMEOUT_MS: envInt(10_000, 100, 60_000),
  /** Passkeys: the relying party id (a domain, default the public URL's host), its name, and the origin browsers sign for. */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as shop.example.com')
    .optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).max(100).default('Bazaar'),
  WEBAUTHN_ORIGIN: envUrl(['http', 'https']).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CLIENT_DIR: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, 'client', 'dist'))
    .transform((dir) => path.resolve(REPO_ROOT, dir)),
});

export type Env = z.infer<typeof EnvSchema>;

/** The names of every variable read (the .env.example test checks each is documented). */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape);

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  http: { port: number; host: string; publicUrl?: string; trustProxy: boolean | number | string; jsonBodyLimit: string };
  db: {
    url: string;
    /** True when DATABASE_URL was not set: we may fall back to an embedded MariaDB. */
    isDefaultUrl: boolean;
    embedded: 'auto' | 'off';
    poolMin: number;
    poolMax: number;
    connectTimeoutMs: number;
    slowQueryMs: number;
  };
  secrets: { sessionSecret: string; mfaEncryptionKey: Buffer };
  admin: { email?: string; password?: string };
  stripe: { secretKey?: string; webhookSecret?: string; publishableKey?: string };
  /** OpenID Connect providers shoppers may sign in with (Google, a generic issuer); absent when not configured. */
  oidcProviders: OidcProviderConfig[];
  cloudinaryUrl?: string;
  elasticsearchUrl?: string;
  smtpUrl?: string;
  redisUrl?: string;
  cookieSecure: boolean;
  worker: boolean;
  workerConcurrency: number;
  logLevel: NonNullable<Env['LOG_LEVEL']>;
  rateLimitEnabled: boolean;
  dataDir: string;
  /** Bearer token for GET /metrics; without it the endpoint refuses everyone. */
  metricsToken?: string;
  /** The built storefront Express serves (when it exists). */
  clientDir: string;
  shutdownTimeoutMs: number;
  /** Seed the demo shop into an empty database at start-up (auto: everywhere but production). */
  seedDemoData: boolean;
  shop: {
    currency: string;
    /** The default market's languages; the first is its default. */
    languages: string[];
    showStockCounts: boolean;
    pricesIncludeTax: boolean;
    cartMaxLineQuantity: number;
    cartRateLimitPerMinute: number;
    reservationMinutes: number;
    /** How long a checkout may hold its Idempotency-Key before a retry may take it over. */
    idempotencyLeaseSeconds: number;
  };
  /** After the sale: the return window from delivery, the reasons a shopper picks from, default fees. */
  returns: { windowDays: number; reasons: string[]; shippingFee: number; restockingFeeBp: number };
  auth: {
    bcryptCost: number;
    requireAdminMfa: boolean;
    rateLimitMax: number;
    rateLimitWindowSeconds: number;
  };
  reviews: { autoApprove: 'off' | 'verified'; blockedWords: string[]; reportThreshold: number };
  /** Outgoing webhooks: private addresses allowed (WEBHOOK_ALLOW_PRIVATE), the answer timeout. */
  webhooks: { allowPrivate: boolean; timeoutMs: number };
  /** Passkeys: the relying party (id and name shown by the authenticator) and the origin assertions must come from. */
  webauthn: { rpId: string; rpName: string; origin: string };
  /** The cookie-policy version consents are given for (a new version asks again), and the event rate limit. */
  analytics: { consentPolicyVersion: string; rateLimitPerMinute: number };
  apiKeys: { rateLimitPerMinute: number };
  session: {
    cookieName: string;
    idleTimeoutSeconds: number;
    absoluteTimeoutSeconds: number;
    touchIntervalSeconds: number;
    cacheTtlSeconds: number;
    sameSite: 'lax' | 'strict';
    bindUserAgent: boolean;
    /** Sensitive actions need the password again when the session is used from another network or device family. */
    reauthOnChange: boolean;
    /** Sensitive actions need a password proved within this long (0: no age limit, only the change rule). */
    reauthMaxAgeMinutes: number;
  };
}

export interface OidcProviderConfig {
  id: 'google' | 'oidc';
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** A provider is configured when its id and secret are both set (half a set-up is a start-up error). */
function oidcProviders(env: Env, problems: string[]): OidcProviderConfig[] {
  const providers: OidcProviderConfig[] = [];
  if (!env.GOOGLE_CLIENT_ID !== !env.GOOGLE_CLIENT_SECRET) problems.push('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together');
  else if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET)
    providers.push({
      id: 'google',
      name: 'Google',
      issuer: GOOGLE_ISSUER,
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
    });
  const generic = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (generic.some(Boolean) && !generic.every(Boolean))
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  else if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)
    providers.push({
      id: 'oidc',
      name: env.OIDC_NAME,
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
    });
  return providers;
}

/** A comma-separated variable as its trimmed, non-empty items. */
const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** One readable error naming every offending variable; main prints its message and exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false' || raw === '') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // an address list such as "loopback, 10.0.0.0/8"
}

export interface LoadedConfig {
  config: Config;
  warnings: SecretsWarning[];
}

/**
 * Parse and check the environment once at boot. The result is frozen: nothing changes config at run time.
 * Secrets missing outside production are generated once into DATA_DIR and reused (with a warning).
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = EnvSchema.safeParse(withoutEmpty(rawEnv));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.DB_POOL_MIN > env.DB_POOL_MAX) problems.push('DB_POOL_MIN must not exceed DB_POOL_MAX');
  if (env.NODE_ENV === 'production') {
    if (!env.SESSION_SECRET) problems.push('SESSION_SECRET is required when NODE_ENV=production');
    if (!env.MFA_ENCRYPTION_KEY) problems.push('MFA_ENCRYPTION_KEY is required when NODE_ENV=production');
    // Half a Stripe set-up cannot take card payments: the server makes PaymentIntents, the browser's Elements confirms them.
    if (!env.STRIPE_SECRET_KEY !== !env.STRIPE_PUBLISHABLE_KEY)
      problems.push('STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must be set together when NODE_ENV=production');
  }
  const providers = oidcProviders(env, problems);
  if (problems.length) throw new ConfigError(problems);

  const { secrets, warnings } = resolveSecrets(env);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  // Secure cookies when served over HTTPS: behind a TLS proxy (TRUST_PROXY) or by explicit choice.
  const secureCookies = env.COOKIE_SECURE || trustProxy !== false;
  const config: Config = {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: {
      port: env.PORT,
      host: env.HOST,
      publicUrl: env.PUBLIC_URL,
      trustProxy,
      jsonBodyLimit: env.JSON_BODY_LIMIT,
    },
    db: {
      url: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      isDefaultUrl: env.DATABASE_URL === undefined,
      embedded: env.DB_EMBEDDED,
      poolMin: env.DB_POOL_MIN,
      poolMax: env.DB_POOL_MAX,
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      slowQueryMs: env.SLOW_QUERY_MS,
    },
    secrets,
    admin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      publishableKey: env.STRIPE_PUBLISHABLE_KEY,
    },
    oidcProviders: providers,
    cloudinaryUrl: env.CLOUDINARY_URL,
    elasticsearchUrl: env.ELASTICSEARCH_URL,
    smtpUrl: env.SMTP_URL,
    redisUrl: env.REDIS_URL,
    cookieSecure: secureCookies,
    worker: env.WORKER === 'on',
    workerConcurrency: env.WORKER_CONCURRENCY,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    rateLimitEnabled: env.RATE_LIMIT_ENABLED,
    dataDir: env.DATA_DIR,
    clientDir: env.CLIENT_DIR,
    metricsToken: env.METRICS_TOKEN,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    seedDemoData: env.DEMO_DATA === 'on' || (env.DEMO_DATA === 'auto' && env.NODE_ENV !== 'production'),
    shop: {
      currency: env.SHOP_CURRENCY,
      languages: listOf(env.SHOP_LANGUAGES),
      showStockCounts: env.SHOW_STOCK_COUNTS,
      pricesIncludeTax: env.PRICES_INCLUDE_TAX,
      cartMaxLineQuantity: env.CART_MAX_LINE_QUANTITY,
      cartRateLimitPerMinute: env.CART_RATE_LIMIT_PER_MINUTE,
      reservationMinutes: env.RESERVATION_MINUTES,
      idempotencyLeaseSeconds: env.IDEMPOTENCY_LEASE_SECONDS,
    },
    returns: {
      windowDays: env.RETURN_WINDOW_DAYS,
      reasons: listOf(env.RETURN_REASONS),
      shippingFee: env.RETURN_SHIPPING_FEE,
      restockingFeeBp: env.RETURN_RESTOCKING_FEE_BP,
    },
    auth: {
      bcryptCost: env.BCRYPT_COST,
      requireAdminMfa: env.REQUIRE_ADMIN_MFA,
      rateLimitMax: env.AUTH_RATE_LIMIT_MAX,
      rateLimitWindowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    },
    reviews: {
      autoApprove: env.REVIEW_AUTO_APPROVE,
      blockedWords: listOf(env.REVIEW_BLOCKED_WORDS),
      reportThreshold: env.REVIEW_REPORT_THRESHOLD,
    },
    webhooks: { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true', timeoutMs: env.WEBHOOK_TIMEOUT_MS },
    webauthn: webauthnSettings(env),
    analytics: { consentPolicyVersion: env.CONSENT_POLICY_VERSION, rateLimitPerMinute: env.ANALYTICS_RATE_LIMIT_PER_MINUTE },
    apiKeys: { rateLimitPerMinute: env.API_KEY_RATE_LIMIT },
    session: {
      // __Host- requires Secure, so the prefix comes only with HTTPS (API.md).
      cookieName: secureCookies ? '__Host-bazaar.sid' : 'bazaar.sid',
      idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS,
      absoluteTimeoutSeconds: env.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
      touchIntervalSeconds: env.SESSION_TOUCH_INTERVAL_SECONDS,
      cacheTtlSeconds: env.SESSION_CACHE_TTL_SECONDS,
      sameSite: env.SESSION_SAME_SITE,
      bindUserAgent: env.SESSION_BIND_USER_AGENT,
      reauthOnChange: env.SESSION_REAUTH_ON_CHANGE,
      reauthMaxAgeMinutes: env.SESSION_REAUTH_MAX_AGE_MINUTES,
    },
  };
  return { config: deepFreeze(config), warnings };
}

/** The relying party follows the public address unless set apart (a shop on www.example.com may use example.com). */
function webauthnSettings(env: Env): Config['webauthn'] {
  const origin = new URL(env.WEBAUTHN_ORIGIN ?? publicBaseUrl({ publicUrl: env.PUBLIC_URL, port: env.PORT })).origin;
  return { rpId: env.WEBAUTHN_RP_ID ?? new URL(origin).hostname, rpName: env.WEBAUTHN_RP_NAME, origin };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The shop's address for links in e-mails and pages: PUBLIC_URL, or this server on localhost. No trailing slash. */
export const publicBaseUrl = (http: Pick<Config['http'], 'publicUrl' | 'port'>): string =>
  (http.publicUrl ?? `http://localhost:${http.port}`).replace(/\/$/, '');
