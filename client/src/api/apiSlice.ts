import { createApi } from '@reduxjs/toolkit/query/react';
import { baseQuery } from './baseQuery';

/** The one RTK Query cache of the app; each feature injects its endpoints. */
export const api = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: [
    'Cart',
    'Consent',
    'Me',
    'Order',
    'Orders',
    'Product',
    'Returns',
    'Reviews',
    'Wishlist',
    'Passkeys',
    // Staff screens.
    'AdminOrder',
    'AdminReturn',
    'AdminProduct',
    'Categories',
    'Inventory',
    'Pricing',
    'Customer',
    'Moderation',
    'Jobs',
    'Audit',
    'Report',
    'Balances',
    'Markets',
    'Translations',
    'ApiKeys',
    'Webhooks',
  ],
  endpoints: () => ({}),
});
