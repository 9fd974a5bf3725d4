import type { AddressInput, PostalAddress } from '@bazaar/shared';
import { Field } from './ui';

/** The fields of a shipping address staff type, with their labels. */
export const ADDRESS_FIELDS = [
  ['name', 'Full name'],
  ['line1', 'Address'],
  ['line2', 'Apartment, suite (optional)'],
  ['city', 'City'],
  ['region', 'State / region (optional)'],
  ['postalCode', 'Postal code'],
  ['country', 'Country (two letters)'],
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number][0];
/** An address as typed (every field a string; the optional ones may be empty). */
export type AddressDraft = Record<AddressField, string>;

export const emptyAddress = (): AddressDraft => ({ name: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: 'US' });

export const addressDraft = (a: PostalAddress): AddressDraft => ({
  name: a.name,
  line1: a.line1,
  line2: a.line2 ?? '',
  city: a.city,
  region: a.region ?? '',
  postalCode: a.postalCode,
  country: a.country,
});

/** The address as the API takes it: empty optional fields left out (the schema checks the rest). */
export function addressBody(d: AddressDraft): AddressInput {
  const { line2, region, ...required } = d;
  return { ...required, ...(line2.trim() ? { line2 } : {}), ...(region.trim() ? { region } : {}) };
}

/** An address on one line, as a summary shows it. */
export const addressLine = (a: Pick<PostalAddress, 'name' | 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country'>) =>
  [a.name, a.line1, a.line2, `${a.postalCode} ${a.city}${a.region ? `, ${a.region}` : ''}`, a.country].filter(Boolean).join(', ');

export const addressLabel = (field: string) => ADDRESS_FIELDS.find(([key]) => key === field)?.[1] ?? field;

/** The address fields of a staff form; `errors` keyed by field name. */
export function AddressFields({
  value,
  errors = {},
  onChange,
}: {
  value: AddressDraft;
  errors?: Partial<Record<AddressField, string>>;
  onChange: (next: AddressDraft) => void;
}) {
  return (
    <>
      {ADDRESS_FIELDS.map(([key, label]) => (
        <Field key={key} label={label} error={errors[key]}>
          <input
            className="input"
            value={value[key]}
            maxLength={key === 'country' ? 2 : undefined}
            onChange={(e) => onChange({ ...value, [key]: e.target.value })}
          />
        </Field>
      ))}
    </>
  );
}
