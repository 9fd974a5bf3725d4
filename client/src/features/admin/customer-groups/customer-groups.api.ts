import type {
  CustomerGroup,
  CustomerGroupInput,
  GroupMember,
  GroupMemberInput,
  PriceList,
  PriceListInput,
  PriceListPrice,
  PriceListUpdate,
} from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

type Items<T> = { items: T[] };

/** Customer groups, their members and price lists (pricing's cache tag: they change what members pay). */
export const customerGroupsApi = api.injectEndpoints({
  endpoints: (build) => ({
    customerGroups: build.query<CustomerGroup[], void>({
      query: () => '/admin/customer-groups',
      transformResponse: (r: Items<CustomerGroup>) => r.items,
      providesTags: ['Pricing'],
    }),
    createCustomerGroup: build.mutation<CustomerGroup, CustomerGroupInput>({
      query: (body) => ({ url: '/admin/customer-groups', method: 'POST', body }),
      invalidatesTags: ['Pricing'],
    }),
    deleteCustomerGroup: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/customer-groups/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Pricing', 'Product', 'Cart'],
    }),
    groupMembers: build.query<GroupMember[], string>({
      query: (id) => `/admin/customer-groups/${id}/members`,
      transformResponse: (r: Items<GroupMember>) => r.items,
      providesTags: ['Pricing'],
    }),
    addGroupMember: build.mutation<GroupMember[], { id: string; body: GroupMemberInput }>({
      query: ({ id, body }) => ({ url: `/admin/customer-groups/${id}/members`, method: 'POST', body }),
      transformResponse: (r: Items<GroupMember>) => r.items,
      // The answer is the group's members: shown at once.
      async onQueryStarted({ id }, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled;
        dispatch(customerGroupsApi.util.upsertQueryData('groupMembers', id, data));
      },
      invalidatesTags: ['Product', 'Cart'],
    }),
    removeGroupMember: build.mutation<void, { id: string; userId: string }>({
      query: ({ id, userId }) => ({ url: `/admin/customer-groups/${id}/members/${userId}`, method: 'DELETE' }),
      invalidatesTags: ['Pricing', 'Product', 'Cart'],
    }),
    priceLists: build.query<PriceList[], void>({
      query: () => '/admin/price-lists',
      transformResponse: (r: Items<PriceList>) => r.items,
      providesTags: ['Pricing'],
    }),
    savePriceList: build.mutation<PriceList, { id?: string; body: PriceListInput | PriceListUpdate }>({
      query: ({ id, body }) => ({ url: id ? `/admin/price-lists/${id}` : '/admin/price-lists', method: id ? 'PATCH' : 'POST', body }),
      invalidatesTags: ['Pricing', 'Product', 'Cart'],
    }),
    deletePriceList: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/price-lists/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Pricing', 'Product', 'Cart'],
    }),
    priceListPrices: build.query<PriceListPrice[], string>({
      query: (id) => `/admin/price-lists/${id}/prices`,
      transformResponse: (r: Items<PriceListPrice>) => r.items,
      providesTags: ['Pricing'],
    }),
    setPriceListPrices: build.mutation<PriceListPrice[], { id: string; items: PriceListPrice[] }>({
      query: ({ id, items }) => ({ url: `/admin/price-lists/${id}/prices`, method: 'PUT', body: { items } }),
      transformResponse: (r: Items<PriceListPrice>) => r.items,
      invalidatesTags: ['Pricing', 'Product', 'Cart'],
    }),
  }),
});

export const {
  useCustomerGroupsQuery,
  useCreateCustomerGroupMutation,
  useDeleteCustomerGroupMutation,
  useGroupMembersQuery,
  useAddGroupMemberMutation,
  useRemoveGroupMemberMutation,
  usePriceListsQuery,
  useSavePriceListMutation,
  useDeletePriceListMutation,
  usePriceListPricesQuery,
  useSetPriceListPricesMutation,
} = customerGroupsApi;
