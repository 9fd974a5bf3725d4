import { CheckoutRequest } from '@bazaar/shared';
import { i18n } from '../../i18n';

export interface CheckoutForm {
  email: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  shippingMethodId: string;
}

/** How the shopper pays besides the provider: gift card codes (in the order applied) and store credit. */
export interface CheckoutTender {
  giftCardCodes: string[];
  useStoreCredit: boolean;
}

/** The same zod schema the server validates with: the form shows the server's rules before sending. */
export function validateCheckout(form: CheckoutForm, tender: CheckoutTender = { giftCardCodes: [], useStoreCredit: false }) {
  const body = {
    email: form.email,
    shippingAddress: {
      name: form.name,
      line1: form.line1,
      ...(form.line2 ? { line2: form.line2 } : {}),
      city: form.city,
      ...(form.region ? { region: form.region } : {}),
      postalCode: form.postalCode,
      country: form.country,
    },
    shippingMethodId: form.shippingMethodId,
    ...(tender.giftCardCodes.length ? { giftCardCodes: tender.giftCardCodes } : {}),
    ...(tender.useStoreCredit ? { useStoreCredit: true } : {}),
  };
  const parsed = CheckoutRequest.safeParse(body);
  if (parsed.success) return { ok: true as const, body: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path.at(-1));
    fields[key] ??= key === 'shippingMethodId' ? i18n.t('checkout.chooseShipping') : issue.message;
  }
  return { ok: false as const, fields };
}
