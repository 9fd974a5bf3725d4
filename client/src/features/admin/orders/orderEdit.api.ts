import type { Order, OrderEditInput, OrderEditPreview } from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

/** Editing a paid order before it ships: the preview changes nothing, the edit moves stock and money. */
export const orderEditApi = api.injectEndpoints({
  endpoints: (build) => ({
    // A POST that changes nothing: a mutation, so each preview asks the server again and nothing is cached.
    previewOrderEdit: build.mutation<OrderEditPreview, { id: string; edit: OrderEditInput }>({
      query: ({ id, edit }) => ({ url: `/admin/orders/${id}/edit-preview`, method: 'POST', body: edit }),
    }),
    editOrder: build.mutation<Order, { id: string; edit: OrderEditInput }>({
      query: ({ id, edit }) => ({ url: `/admin/orders/${id}/edit`, method: 'POST', body: edit }),
      invalidatesTags: ['AdminOrder', 'Inventory', 'AdminProduct', 'Product', 'Balances', 'Report'],
    }),
  }),
});
export const { usePreviewOrderEditMutation, useEditOrderMutation } = orderEditApi;
