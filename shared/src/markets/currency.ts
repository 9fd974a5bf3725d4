/**
 * ISO 4217 minor units and conversion between currencies, exactly (BigInt arithmetic, no floats).
 * The number of minor digits comes from the runtime's ICU data (JPY 0, USD 2, KWD 3), the same
 * source `formatMoney` formats with.
 */
const digitsCache = new Map<string, number>();

/** How many minor digits a currency has (USD 2: cents; JPY 0; KWD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** How a converted price is rounded: to the minor unit, to whole units, or up to the next …99. */
export const ROUNDING_RULES = ['exact', 'whole', 'x99'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** A decimal rate as text ("0.92", "150.5") → numerator over a power of ten. */
function parseRate(rate: string): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) throw new RangeError(`Not a decimal rate: ${rate}`);
  const fraction = match[2] ?? '';
  return { numerator: BigInt(match[1]! + fraction), denominator: 10n ** BigInt(fraction.length) };
}

const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
const roundHalfUpDiv = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

/**
 * An amount in the base currency's minor units, in another currency: `amount × rate` (the rate is
 * how many target units one base unit buys), moved between the two currencies' minor scales, then
 * rounded by `rule`:
 * - `exact`: half up to the target's minor unit;
 * - `whole`: half up to a whole unit (19.50 → 20; JPY is already whole);
 * - `x99`: up to the nearest amount ending in 99 of the hundredth of a unit (12.30 → 12.99,
 *   13.00 → 13.99; KWD 12.300 → 12.990; JPY, with no minor unit, ¥1,234 → ¥1,299).
 * Amounts are non-negative (prices); zero stays zero.
 */
export function convertAmount(amount: number, from: string, to: string, rate: string, rule: RoundingRule = 'exact'): number {
  if (amount === 0) return 0;
  const { numerator, denominator } = parseRate(rate);
  const fromDigits = currencyDigits(from);
  const toDigits = currencyDigits(to);
  // The exact target amount in minor units is n / d.
  let n = BigInt(amount) * numerator * 10n ** BigInt(toDigits);
  let d = denominator * 10n ** BigInt(fromDigits);
  const g = gcd(n, d);
  n /= g;
  d /= g;
  if (rule === 'whole') {
    const unit = 10n ** BigInt(toDigits);
    return Number(roundHalfUpDiv(n, d * unit) * unit);
  }
  if (rule === 'x99') {
    const unit = 10n ** BigInt(Math.max(toDigits, 2));
    const step = 10n ** BigInt(Math.max(toDigits - 2, 0));
    // The smallest k·unit − step that is at least n/d.
    return Number(ceilDiv(n + step * d, d * unit) * unit - step);
  }
  return Number(roundHalfUpDiv(n, d));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * An amount of the market's currency back in the base currency, at the same rate, half up to the
 * base currency's minor unit (what a discount given in a market costs a base-currency budget).
 */
export function convertAmountBack(amount: number, base: string, currency: string, rate: string): number {
  if (amount === 0) return 0;
  const { numerator, denominator } = parseRate(rate);
  const n = BigInt(amount) * denominator * 10n ** BigInt(currencyDigits(base));
  const d = numerator * 10n ** BigInt(currencyDigits(currency));
  return Number(roundHalfUpDiv(n, d));
}
