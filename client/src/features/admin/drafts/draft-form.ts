import { DraftOrderInput, type Money, type Order } from '@bazaar/shared';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { addressBody, addressDraft, emptyAddress, type AddressDraft } from '../AddressFields';

/** One line of a draft as the form edits it. */
export interface DraftLine {
  variantId: string;
  /** “Product — variant (SKU)”, as the line shows it. */
  label: string;
  /** The line's price now: the catalog's for a line just added, the saved one for a draft's line. */
  price: Money;
  quantity: string;
  /** A unit price typed by staff (currency units, e.g. "12.50"); empty for the catalog price. */
  customPrice: string;
}

/** The draft's fields as strings in the form; `toDraftInput` turns them into the API's body. */
export interface DraftForm {
  email: string;
  /** The linked account, or empty for none (a guest's order). */
  customerId: string;
  lines: DraftLine[];
  address: AddressDraft;
  shippingMethodId: string;
  discount: string;
  note: string;
}

export const emptyDraft = (): DraftForm => ({
  email: '',
  customerId: '',
  lines: [],
  address: emptyAddress(),
  shippingMethodId: '',
  discount: '',
  note: '',
});

/**
 * A saved draft as the form edits it. For staff who may set prices, each line's saved price is
 * filled in as its custom price, so that saving again keeps the prices agreed with the customer;
 * for others the lines are priced at the catalog's again.
 */
export function fromOrder(order: Order, maySetPrices: boolean): DraftForm {
  return {
    email: order.email,
    customerId: order.customerId ?? '',
    lines: order.items.map((i) => ({
      variantId: i.variantId ?? '',
      label: `${i.title}${i.variantTitle ? ` — ${i.variantTitle}` : ''} (${i.sku})`,
      price: i.unitPrice,
      quantity: String(i.quantity),
      customPrice: maySetPrices ? toMoneyInput(i.unitPrice.amount) : '',
    })),
    address: addressDraft(order.shippingAddress),
    shippingMethodId: order.shippingMethod.id ?? '',
    discount: order.totals.discount.amount > 0 ? toMoneyInput(order.totals.discount.amount) : '',
    note: order.staffNote ?? '',
  };
}

/** Adds a line, or more of a variant already on the draft. */
export function addLine(lines: DraftLine[], line: DraftLine): DraftLine[] {
  const same = lines.findIndex((l) => l.variantId === line.variantId);
  if (same < 0) return [...lines, line];
  return lines.map((l, i) => (i === same ? { ...l, quantity: String((Number(l.quantity) || 0) + (Number(line.quantity) || 0)) } : l));
}

const MESSAGES: Record<string, string> = {
  shippingMethodId: 'Choose a shipping method',
  lines: 'Add at least one line',
};

/**
 * The form as the API's body (money in minor units), checked with the schema the server uses;
 * or the messages per field (`email`, `lines.0.unitPrice`, `shippingAddress.postalCode`, …), keyed as
 * the server's validation errors are.
 */
export function toDraftInput(form: DraftForm): { ok: true; body: DraftOrderInput } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const lines = form.lines.map((l, i) => {
    const quantity = /^\d+$/.test(l.quantity.trim()) ? Number(l.quantity) : NaN;
    if (Number.isNaN(quantity)) fields[`lines.${i}.quantity`] = 'Enter a whole number';
    const unitPrice = l.customPrice.trim() ? parseMoneyInput(l.customPrice) : undefined;
    if (l.customPrice.trim() && unitPrice === undefined) fields[`lines.${i}.unitPrice`] = 'Enter a price like 12.50';
    if (!l.variantId) fields[`lines.${i}.variantId`] = 'This variant no longer exists: remove the line';
    return { variantId: l.variantId, quantity, ...(unitPrice !== undefined ? { unitPrice } : {}) };
  });
  const discount = form.discount.trim() ? parseMoneyInput(form.discount) : undefined;
  if (form.discount.trim() && discount === undefined) fields.discount = 'Enter an amount like 5.00';
  const body = {
    ...(form.customerId ? { customerId: form.customerId } : {}),
    email: form.email,
    lines,
    shippingAddress: addressBody(form.address),
    shippingMethodId: form.shippingMethodId,
    ...(discount ? { discount } : {}),
    ...(form.note.trim() ? { note: form.note } : {}),
  };
  const parsed = DraftOrderInput.safeParse(body);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      fields[key] ??= MESSAGES[key] ?? issue.message;
    }
  if (!parsed.success || Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, body: parsed.data };
}
