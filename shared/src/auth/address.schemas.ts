import { z } from 'zod';
import { Id } from '../common/ids.schemas';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max);

/** A postal address (API.md); country is ISO 3166-1 alpha-2. */
export const AddressInput = z
  .object({
    name: text(120),
    line1: text(200),
    line2: z.string().trim().max(200).optional(),
    city: text(100),
    region: z.string().trim().max(100).optional(),
    postalCode: text(20),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'Must be a two-letter country code')
      .transform((v) => v.toUpperCase()),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{4,31}$/, 'Must be a phone number')
      .optional(),
  })
  .strict()
  .meta({ id: 'AddressInput' });
export type AddressInput = z.infer<typeof AddressInput>;

export const SavedAddressInput = AddressInput.extend({ isDefault: z.boolean().optional() }).strict();
export type SavedAddressInput = z.infer<typeof SavedAddressInput>;
export const SavedAddressUpdate = SavedAddressInput.partial().strict();
export type SavedAddressUpdate = z.infer<typeof SavedAddressUpdate>;

export const Address = z
  .object({
    id: Id,
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string(),
    country: z.string(),
    phone: z.string().optional(),
    isDefault: z.boolean(),
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof Address>;
export const AddressList = z.object({ items: z.array(Address) });
export type AddressList = z.infer<typeof AddressList>;

/** The same fields as stored and returned (no input normalisation), for response bodies. */
export const PostalAddress = z
  .object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string(),
    country: z.string(),
    phone: z.string().optional(),
  })
  .meta({ id: 'PostalAddress' });
export type PostalAddress = z.infer<typeof PostalAddress>;
