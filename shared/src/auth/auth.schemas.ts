import { z } from 'zod';
import { Id } from '../common/ids.schemas';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Email as typed; the server normalises it (trim, lower case) before any lookup. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Must be a valid email address'))
  .transform((v) => v.toLowerCase());

/** Length is counted in characters (code points), not bytes. The server adds the common-password and email checks. */
export const NewPassword = z
  .string()
  .refine((v) => [...v].length >= PASSWORD_MIN_LENGTH, {
    error: `Must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  .refine((v) => [...v].length <= PASSWORD_MAX_LENGTH, { error: `Must be at most ${PASSWORD_MAX_LENGTH} characters` });

/** A password presented for checking: only bounded, never policy-checked (old passwords stay usable). */
export const PresentedPassword = z.string().min(1, 'Required').max(1024);

export const Role = z.enum(['customer', 'support', 'admin']);
export type Role = z.infer<typeof Role>;

export const Permission = z.enum([
  'orders:read',
  'orders:write',
  'orders:refund',
  /** Setting a line's price by hand (draft orders). */
  'orders:price-override',
  'catalog:write',
  'inventory:write',
  'customers:read',
  'users:manage',
  'reviews:moderate',
  'jobs:manage',
  'reports:read',
  'audit:read',
  'settings:write',
]);
export type Permission = z.infer<typeof Permission>;

export const CsrfResponse = z.object({ csrfToken: z.string() });
export type CsrfResponse = z.infer<typeof CsrfResponse>;

/** The name shown on the account and in emails; the messages are shown by the storefront's forms as they are. */
export const DisplayName = z.string().trim().min(1, 'Enter your name').max(120, 'Use at most 120 characters');

export const RegisterRequest = z
  .object({ email: Email, password: NewPassword, name: DisplayName })
  .strict()
  .meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z
  .object({ email: Email, password: PresentedPassword, remember: z.boolean().default(false) })
  .strict()
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.input<typeof LoginRequest>;

/** The signed-in user as they see themselves. */
export const Me = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    permissions: z.array(Permission),
    emailVerified: z.boolean(),
    mfaEnabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

/** The second factors a half-signed-in user may answer with: a TOTP (or recovery) code, a passkey. */
export const MfaMethod = z.enum(['totp', 'passkey']);
export type MfaMethod = z.infer<typeof MfaMethod>;

/** Login either completes (a user and a fresh CSRF token for the new session) or waits for a second factor (one of `methods`). */
export const LoginResponse = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), user: Me, csrfToken: z.string() }),
    z.object({ status: z.literal('mfa_required'), csrfToken: z.string(), methods: z.array(MfaMethod).min(1) }),
  ])
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MfaVerifyRequest = z
  .union([
    z.object({ code: z.string().regex(/^\d{6}$/, 'Must be 6 digits') }).strict(),
    z.object({ recoveryCode: z.string().trim().min(8).max(32) }).strict(),
  ])
  .meta({ id: 'MfaVerifyRequest' });
export type MfaVerifyRequest = z.infer<typeof MfaVerifyRequest>;

export const VerifyEmailRequest = z.object({ token: z.string().min(16).max(200) }).strict();
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequest>;

export const ForgotPasswordRequest = z.object({ email: Email }).strict();
export type ForgotPasswordRequest = z.infer<typeof ForgotPasswordRequest>;

export const ResetPasswordRequest = z.object({ token: z.string().min(16).max(200), password: NewPassword }).strict();
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

/** The current password is needed whenever the account has one; an account made by a provider sign-in sets its first without it. */
export const ChangePasswordRequest = z.object({ currentPassword: PresentedPassword.optional(), newPassword: NewPassword }).strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** Profile updates accept only their own fields: role, email or verification flags are refused. */
export const UpdateProfileRequest = z.object({ name: DisplayName }).strict();
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const MfaSetupResponse = z.object({ otpauthUrl: z.string(), qrCodeDataUrl: z.string(), secret: z.string() });
export type MfaSetupResponse = z.infer<typeof MfaSetupResponse>;

export const MfaEnableRequest = z.object({ code: z.string().regex(/^\d{6}$/, 'Must be 6 digits') }).strict();
export type MfaEnableRequest = z.infer<typeof MfaEnableRequest>;
export const MfaEnableResponse = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export type MfaEnableResponse = z.infer<typeof MfaEnableResponse>;

export const MfaDisableRequest = z.object({ password: PresentedPassword, code: z.string().regex(/^\d{6}$/, 'Must be 6 digits') }).strict();
export type MfaDisableRequest = z.infer<typeof MfaDisableRequest>;

/**
 * A session as its owner sees it. Only the sign-in's network (IPv4 /24, IPv6 /48) and the browser
 * and system family are kept, never the full address or user-agent string.
 */
export const SessionInfo = z
  .object({
    id: z.string(),
    current: z.boolean(),
    /** The network the session signed in from, e.g. `203.0.113.0/24` or `2001:db8:1234::/48`. */
    network: z.string().nullable(),
    /** Browser and system family, e.g. `Chrome on Linux`. */
    device: z.string().nullable(),
    /** The session was last used from another network or device family than its sign-in's (null when it never was). */
    changed: z.object({ network: z.string().nullable(), device: z.string().nullable(), at: z.iso.datetime() }).nullable(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;
export const SessionIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Must be a session id') }).strict();

/** Proving the password again for sensitive actions; with two-factor authentication on, a current code too. */
export const ReauthRequest = z
  .object({
    password: PresentedPassword,
    code: z
      .string()
      .regex(/^\d{6}$/, 'Must be 6 digits')
      .optional(),
  })
  .strict()
  .meta({ id: 'ReauthRequest' });
export type ReauthRequest = z.infer<typeof ReauthRequest>;

export const RevokedCount = z.object({ revoked: z.number().int().min(0) });
export type RevokedCount = z.infer<typeof RevokedCount>;
