import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { PresentedPassword } from './auth.schemas';

/** An OpenID Connect provider the shop is configured with: `google`, or `oidc` for the generic one. */
export const AuthProviderId = z.enum(['google', 'oidc']);
export type AuthProviderId = z.infer<typeof AuthProviderId>;

/** A provider shoppers may sign in with, and the label for its button. */
export const AuthProvider = z.object({ id: AuthProviderId, name: z.string() }).meta({ id: 'AuthProvider' });
export type AuthProvider = z.infer<typeof AuthProvider>;

export const AuthProviderList = z.object({ items: z.array(AuthProvider) }).meta({ id: 'AuthProviderList' });
export type AuthProviderList = z.infer<typeof AuthProviderList>;

export const OidcProviderParams = z.object({ provider: AuthProviderId });

/** Where to go after signing in: a path on this site only (`/account`), never another origin. */
export const ReturnToPath = z
  .string()
  .max(500)
  .refine((v) => /^\/(?![/\\])[^\s]*$/.test(v), { error: 'Must be a path on this site' });

export const OidcStartQuery = z.object({ returnTo: ReturnToPath.optional() });

/** The provider's answer as it arrives on the callback (the library reads every parameter itself). */
export const OidcCallbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

/** Why a sign-in with a provider did not go through; the storefront's sign-in page explains each (`?signInError=`). */
export const OidcFailure = z.enum([
  'email_not_verified',
  'sign_in_expired',
  'provider_refused',
  'provider_unavailable',
  'account_locked',
  'staff_account',
]);
export type OidcFailure = z.infer<typeof OidcFailure>;

/** A provider sign-in whose email belongs to an existing account: it links only once the shopper proves the account. */
export const OidcLinkPending = z
  .object({ provider: AuthProviderId, providerName: z.string(), email: z.string() })
  .meta({ id: 'OidcLinkPending' });
export type OidcLinkPending = z.infer<typeof OidcLinkPending>;

export const OidcLinkWithPasswordRequest = z
  .object({ password: PresentedPassword, remember: z.boolean().default(false) })
  .strict()
  .meta({ id: 'OidcLinkWithPasswordRequest' });
export type OidcLinkWithPasswordRequest = z.input<typeof OidcLinkWithPasswordRequest>;

export const OidcLinkConfirmRequest = z.object({ token: z.string().min(16).max(2000) }).strict();
export type OidcLinkConfirmRequest = z.infer<typeof OidcLinkConfirmRequest>;

export const OidcLinkConfirmResponse = z.object({ providerName: z.string(), email: z.string() });
export type OidcLinkConfirmResponse = z.infer<typeof OidcLinkConfirmResponse>;

/** A provider account linked to the shopper's account. */
export const Identity = z
  .object({
    id: Id,
    provider: AuthProviderId,
    providerName: z.string(),
    email: z.string().nullable(),
    linkedAt: z.iso.datetime(),
    /** False when this is the account's only way to sign in (no password, no other identity). */
    canUnlink: z.boolean(),
  })
  .meta({ id: 'Identity' });
export type Identity = z.infer<typeof Identity>;

export const IdentityList = z
  .object({
    items: z.array(Identity),
    /** False for accounts made by a provider sign-in that never set a password: they may set one without a current password. */
    hasPassword: z.boolean(),
  })
  .meta({ id: 'IdentityList' });
export type IdentityList = z.infer<typeof IdentityList>;
