import { formatMoney, type ReturnKind, type ReturnStatus } from '@bazaar/shared';
import { escapeHtml } from '../../lib/html';
import type { EmailMessage } from './email.service';

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }) {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), '', '— Bazaar'].join('\n\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif;max-width:560px;margin:auto">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${action ? `<p><a href="${escapeHtml(action.url)}" style="background:#111;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>` : ''}
<p style="color:#666">— Bazaar</p></body></html>`;
  return { text, html };
}

export function verifyEmailMessage(to: string, name: string, url: string): EmailMessage {
  return {
    to,
    subject: 'Confirm your email address',
    ...layout('Confirm your email address', [`Hello ${name},`, 'Please confirm that this is your email address.'], {
      label: 'Confirm email',
      url,
    }),
  };
}

export function passwordResetMessage(to: string, url: string): EmailMessage {
  return {
    to,
    subject: 'Reset your password',
    ...layout(
      'Reset your password',
      [
        'Someone asked to reset the password of your Bazaar account.',
        'The link works once and expires in 30 minutes. If it was not you, ignore this email.',
      ],
      { label: 'Choose a new password', url },
    ),
  };
}

/** When the time of day matters (security notices): in UTC, as people read it. */
const momentOf = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC';

export function newSignInMessage(
  to: string,
  name: string,
  signIn: { at: Date; network: string | null; device: string },
  accountUrl: string,
): EmailMessage {
  return {
    to,
    subject: 'New sign-in to your account',
    ...layout(
      'New sign-in to your account',
      [
        `Hello ${name},`,
        'Your Bazaar account was just signed in to from a browser or network it has not been used from before.',
        `When: ${momentOf(signIn.at)}`,
        `Browser: ${signIn.device}`,
        `Network: ${signIn.network ?? 'unknown'}`,
        'If this was you, there is nothing to do. If it was not, sign out that session from your account page and change your password.',
      ],
      { label: 'Review your sessions', url: accountUrl },
    ),
  };
}

export function identityLinkMessage(to: string, providerName: string, url: string): EmailMessage {
  return {
    to,
    subject: `Link ${providerName} to your account`,
    ...layout(
      `Link ${providerName} to your account`,
      [
        `Someone tried to sign in to Bazaar with ${providerName} using this email address. Follow the link to let that ${providerName} account sign in to your Bazaar account.`,
        'The link expires in 30 minutes. If it was not you, ignore this email: nothing is linked without it.',
      ],
      { label: `Link ${providerName}`, url },
    ),
  };
}

export function lowStockAlertMessage(
  to: string,
  items: { sku: string; title: string; available: number; threshold: number }[],
  adminUrl: string,
): EmailMessage {
  const lines = items.map((i) => `${i.sku} — ${i.title}: ${i.available} left (alert at ${i.threshold})`);
  return {
    to,
    subject: `Low stock: ${items.length} item${items.length === 1 ? '' : 's'}`,
    ...layout('Low stock', ['These items are at or below their low-stock threshold:', ...lines], {
      label: 'Open inventory',
      url: adminUrl,
    }),
  };
}

interface OrderForEmail {
  number: string;
  email: string;
  total: { amount: number; currency: string };
  items: { title: string; variantTitle: string; quantity: number; giftCard?: { recipientEmail: string; sendAt: Date } }[];
}

const itemLines = (o: OrderForEmail) => o.items.map((i) => `${i.quantity} × ${i.title}${i.variantTitle ? ` (${i.variantTitle})` : ''}`);

/** A day as people read it, in UTC (the day gift cards are sent is a UTC day). */
const dayOf = (at: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(at);

export function orderConfirmationMessage(order: OrderForEmail, url: string): EmailMessage {
  const giftCards = order.items.flatMap((i) =>
    i.giftCard
      ? [
          `${i.quantity === 1 ? 'The gift card' : `The ${i.quantity} gift cards`} (${i.title}${i.variantTitle ? `, ${i.variantTitle}` : ''}) will be emailed to ${i.giftCard.recipientEmail} on ${dayOf(i.giftCard.sendAt)}.`,
        ]
      : [],
  );
  return {
    to: order.email,
    subject: `Order ${order.number} confirmed`,
    ...layout(
      `Thank you for your order ${order.number}`,
      [
        'We received your payment and are getting your order ready.',
        ...itemLines(order),
        `Total: ${formatMoney(order.total)}`,
        ...giftCards,
      ],
      { label: 'View your order', url },
    ),
  };
}

/** A bought gift card reaches its recipient: the code (shown nowhere else), the amount, the sender's message and how to use it. */
export function giftCardMessage(
  card: {
    to: string;
    recipientName?: string;
    from: string;
    message?: string;
    amount: { amount: number; currency: string };
    code: string;
    expiresAt: Date | null;
  },
  shopUrl: string,
): EmailMessage {
  return {
    to: card.to,
    subject: `${card.from} sent you a ${formatMoney(card.amount)} gift card`,
    ...layout(
      `A ${formatMoney(card.amount)} gift card for you`,
      [
        ...(card.recipientName ? [`Hello ${card.recipientName},`] : []),
        `${card.from} sent you a Bazaar gift card worth ${formatMoney(card.amount)}.`,
        ...(card.message ? [`Their message: “${card.message}”`] : []),
        `Your gift card code: ${card.code}`,
        'To use it, enter the code at checkout under "Gift card": it pays as much of the order as its balance covers, and what is left stays on the card for next time.',
        card.expiresAt ? `The card can be used until ${dayOf(card.expiresAt)}.` : 'The card does not expire.',
        'Keep this email: the code is not shown anywhere else.',
      ],
      { label: 'Start shopping', url: shopUrl },
    ),
  };
}

export function orderShippedMessage(order: OrderForEmail & { carrier: string; trackingNumber: string }, url: string): EmailMessage {
  return {
    to: order.email,
    subject: `Order ${order.number} is on its way`,
    ...layout(
      `Order ${order.number} has shipped`,
      [`Carrier: ${order.carrier}`, `Tracking number: ${order.trackingNumber}`, ...itemLines(order)],
      { label: 'Track your order', url },
    ),
  };
}

export function orderRefundedMessage(order: OrderForEmail, refunded: { amount: number; currency: string }, url: string): EmailMessage {
  return {
    to: order.email,
    subject: `Refund for order ${order.number}`,
    ...layout(
      `We refunded ${formatMoney(refunded)}`,
      [`Your refund for order ${order.number} is on its way back to your payment method.`],
      { label: 'View your order', url },
    ),
  };
}

export function orderCancelledMessage(order: OrderForEmail, url: string): EmailMessage {
  return {
    to: order.email,
    subject: `Order ${order.number} was cancelled`,
    ...layout(`Order ${order.number} was cancelled`, ['If you paid, the money is being returned to you.'], {
      label: 'View your order',
      url,
    }),
  };
}

/** A return or claim changed state: what it means for the shopper, in one sentence per state. */
export function returnUpdatedMessage(
  r: {
    number: string;
    orderNumber: string;
    email: string;
    kind: ReturnKind;
    status: ReturnStatus;
    note: string | null;
    refunded?: { amount: number; currency: string };
    storeCredit?: { amount: number; currency: string };
  },
  url: string,
): EmailMessage {
  const what = r.kind;
  const sentence: Record<typeof r.status, string> = {
    requested: `We received your ${what} request ${r.number} for order ${r.orderNumber}. We will answer it shortly.`,
    approved:
      r.kind === 'claim'
        ? `Your claim ${r.number} was approved. There is nothing to send back.`
        : r.kind === 'exchange'
          ? `Your exchange ${r.number} was approved and the new items are set aside for you. Please send the old ones back.`
          : `Your return ${r.number} was approved. Please send the items back; we refund them once they arrive.`,
    received: `The items of ${what} ${r.number} arrived.${r.kind === 'exchange' ? '' : ' Your refund follows.'}`,
    completed:
      r.kind === 'claim'
        ? `We are sending you replacements for claim ${r.number}.`
        : `Your exchange ${r.number} is complete: the new items are on their way.`,
    refunded: `Your ${what} ${r.number} is refunded.`,
    rejected: `We could not accept your ${what} ${r.number}.`,
    cancelled: `Your ${what} ${r.number} was cancelled.`,
  };
  const money = [
    ...(r.refunded && r.refunded.amount > 0 ? [`${formatMoney(r.refunded)} goes back to your original payment method.`] : []),
    ...(r.storeCredit && r.storeCredit.amount > 0 ? [`${formatMoney(r.storeCredit)} was added to your store credit.`] : []),
  ];
  return {
    to: r.email,
    subject: `Your ${what} ${r.number}: ${r.status}`,
    ...layout(
      `Your ${what} ${r.number} is ${r.status}`,
      [sentence[r.status], ...money, ...(r.note ? [`Note from the shop: ${r.note}`] : [])],
      {
        label: 'View your order',
        url,
      },
    ),
  };
}

/** A draft order sent to the customer: its signed link opens the order to pay exactly it. */
export function invoiceMessage(
  order: {
    number: string;
    email: string;
    total: { amount: number; currency: string };
    items: { title: string; variantTitle: string; quantity: number }[];
  },
  url: string,
  message?: string,
): EmailMessage {
  return {
    to: order.email,
    subject: `Invoice for order ${order.number}`,
    ...layout(
      `Your order ${order.number}: ${formatMoney(order.total)} to pay`,
      [
        ...(message ? [message] : []),
        ...order.items.map((i) => `${i.quantity} × ${i.title}${i.variantTitle ? ` (${i.variantTitle})` : ''}`),
        `Total: ${formatMoney(order.total)}`,
      ],
      { label: 'Pay for your order', url },
    ),
  };
}

/** An edit raised a paid order's total: the customer is asked for the difference on the order's page. */
export function paymentRequestMessage(
  order: { number: string; email: string },
  due: { amount: number; currency: string },
  url: string,
): EmailMessage {
  return {
    to: order.email,
    subject: `Order ${order.number}: ${formatMoney(due)} to pay`,
    ...layout(
      `${formatMoney(due)} to pay for order ${order.number}`,
      [`Your order ${order.number} was changed as agreed; ${formatMoney(due)} is left to pay.`],
      {
        label: 'Pay now',
        url,
      },
    ),
  };
}

/** A webhook endpoint the shop turned off after a day of failed deliveries. */
export function webhookDisabledMessage(to: string, endpoint: { url: string; failingSince: Date }, adminUrl: string): EmailMessage {
  return {
    to,
    subject: 'A webhook endpoint was disabled',
    ...layout(
      'Webhook endpoint disabled',
      [
        `Every delivery to ${endpoint.url} has failed since ${endpoint.failingSince.toISOString()}, so the endpoint was disabled and its pending events were given up.`,
        'Fix the receiver, then enable the endpoint again and redeliver the events it missed from its delivery log.',
      ],
      { label: 'Open webhooks', url: adminUrl },
    ),
  };
}
