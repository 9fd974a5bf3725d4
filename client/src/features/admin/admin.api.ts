import type {
  AdminCategory,
  AdminGiftCard,
  GiftCardIssue,
  IssuedGiftCard,
  StoreCredit,
  StoreCreditAdjustment,
  AdminEraseRequest,
  AdminCoupon,
  AdminOrderSummary,
  AdminProduct,
  AdminProductSummary,
  AdminReviewList,
  AdminShippingMethod,
  AdminTaxRate,
  AdminUser,
  AdminUserUpdate,
  AuditEntry,
  CategoryInput,
  CategoryUpdate,
  CouponInput,
  DashboardReport,
  DraftOrderInput,
  FulfilOrder,
  ImportReport,
  ItemList,
  InventoryRow,
  Job,
  JobStats,
  LedgerEntry,
  MarkPaidOffline,
  Order,
  OrderList,
  OrderNote,
  ModerationNote,
  Paginated,
  ProductInput,
  ProductUpdate,
  RefundRequest,
  RevokedCount,
  SendInvoice,
  ShippingMethodInput,
  StockAdjustment,
  TaxRateInput,
  VariantInput,
  VariantUpdate,
} from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { toQuery, type QueryParams } from '../../api/query';
import { getSocket } from '../../api/socket';
import { toast } from '../../app/ui.slice';

type Pricing = { coupons: AdminCoupon; 'shipping-methods': AdminShippingMethod; 'tax-rates': AdminTaxRate };
export type PricingKind = keyof Pricing;
type PricingInput = { coupons: CouponInput; 'shipping-methods': ShippingMethodInput; 'tax-rates': TaxRateInput };

/** Every staff endpoint, injected into the one api slice; loaded only with the admin screens. */
export const adminApi = api.injectEndpoints({
  endpoints: (build) => ({
    // --- orders ------------------------------------------------------------------------------
    adminOrders: build.query<OrderList, QueryParams>({
      query: (p) => `/admin/orders?${toQuery(p)}`,
      providesTags: ['AdminOrder'],
      // New and newly paid orders arrive on the staff feed: refresh the list and say so.
      async onCacheEntryAdded(_p, { cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        const socket = getSocket();
        const onOrder = (o: AdminOrderSummary) => {
          dispatch(api.util.invalidateTags(['AdminOrder']));
          dispatch(toast('info', `New order ${o.number} from ${o.email}`));
        };
        await cacheDataLoaded.catch(() => undefined);
        socket.on('order:created', onOrder);
        socket.on('order:paid', onOrder);
        await cacheEntryRemoved;
        socket.off('order:created', onOrder);
        socket.off('order:paid', onOrder);
      },
    }),
    adminOrder: build.query<Order, string>({
      query: (id) => `/admin/orders/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'AdminOrder', id }],
    }),
    fulfilOrder: build.mutation<Order, { id: string } & FulfilOrder>({
      query: ({ id, ...body }) => ({ url: `/admin/orders/${id}/fulfil`, method: 'POST', body }),
      invalidatesTags: ['AdminOrder', 'Report'],
    }),
    deliverOrder: build.mutation<Order, string>({
      query: (id) => ({ url: `/admin/orders/${id}/deliver`, method: 'POST', body: {} }),
      invalidatesTags: ['AdminOrder'],
    }),
    cancelOrder: build.mutation<Order, { id: string } & OrderNote>({
      query: ({ id, note }) => ({ url: `/admin/orders/${id}/cancel`, method: 'POST', body: note ? { note } : {} }),
      invalidatesTags: ['AdminOrder', 'Inventory', 'Report'],
    }),
    refundOrder: build.mutation<Order, { id: string; request: RefundRequest }>({
      query: ({ id, request }) => ({ url: `/admin/orders/${id}/refunds`, method: 'POST', body: request }),
      invalidatesTags: ['AdminOrder', 'Report'],
    }),

    // --- draft orders and invoices (drafts are listed by adminOrders with status=draft) ----------
    createDraftOrder: build.mutation<Order, DraftOrderInput>({
      query: (body) => ({ url: '/admin/draft-orders', method: 'POST', body }),
      invalidatesTags: ['AdminOrder'],
    }),
    updateDraftOrder: build.mutation<Order, { id: string; draft: DraftOrderInput }>({
      query: ({ id, draft }) => ({ url: `/admin/draft-orders/${id}`, method: 'PUT', body: draft }),
      invalidatesTags: ['AdminOrder'],
    }),
    sendInvoice: build.mutation<Order, { id: string } & SendInvoice>({
      query: ({ id, ...body }) => ({ url: `/admin/orders/${id}/send-invoice`, method: 'POST', body }),
      invalidatesTags: ['AdminOrder', 'Inventory'],
    }),
    markPaidOffline: build.mutation<Order, { id: string } & MarkPaidOffline>({
      query: ({ id, ...body }) => ({ url: `/admin/orders/${id}/mark-paid`, method: 'POST', body }),
      invalidatesTags: ['AdminOrder', 'Inventory', 'Report'],
    }),

    // --- reports -----------------------------------------------------------------------------
    dashboard: build.query<DashboardReport, { from: string; to: string }>({
      query: ({ from, to }) => `/admin/reports/dashboard?from=${from}&to=${to}`,
      providesTags: ['Report'],
    }),

    // --- catalog -----------------------------------------------------------------------------
    adminProducts: build.query<Paginated<AdminProductSummary>, QueryParams>({
      query: (p) => `/admin/products?${toQuery(p)}`,
      providesTags: ['AdminProduct'],
    }),
    adminProduct: build.query<AdminProduct, string>({
      query: (id) => `/admin/products/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'AdminProduct', id }],
    }),
    createProduct: build.mutation<AdminProduct, ProductInput>({
      query: (body) => ({ url: '/admin/products', method: 'POST', body }),
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    updateProduct: build.mutation<AdminProduct, { id: string; changes: ProductUpdate }>({
      query: ({ id, changes }) => ({ url: `/admin/products/${id}`, method: 'PATCH', body: changes }),
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    deleteProduct: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/products/${id}`, method: 'DELETE' }),
      invalidatesTags: ['AdminProduct', 'Product', 'Inventory'],
    }),
    addVariant: build.mutation<AdminProduct, { productId: string; variant: VariantInput }>({
      query: ({ productId, variant }) => ({ url: `/admin/products/${productId}/variants`, method: 'POST', body: variant }),
      invalidatesTags: ['AdminProduct', 'Product', 'Inventory'],
    }),
    updateVariant: build.mutation<unknown, { id: string; changes: VariantUpdate }>({
      query: ({ id, changes }) => ({ url: `/admin/variants/${id}`, method: 'PATCH', body: changes }),
      invalidatesTags: ['AdminProduct', 'Product', 'Inventory'],
    }),
    deleteVariant: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/variants/${id}`, method: 'DELETE' }),
      invalidatesTags: ['AdminProduct', 'Product', 'Inventory'],
    }),
    uploadImages: build.mutation<unknown, { productId: string; files: File[]; alt?: string }>({
      query: ({ productId, files, alt }) => {
        const body = new FormData();
        for (const f of files) body.append('images', f);
        if (alt) body.append('alt', alt);
        return { url: `/admin/products/${productId}/images`, method: 'POST', body };
      },
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    reorderImages: build.mutation<unknown, { productId: string; imageIds: string[] }>({
      query: ({ productId, imageIds }) => ({ url: `/admin/products/${productId}/images/order`, method: 'PATCH', body: { imageIds } }),
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    updateImage: build.mutation<unknown, { id: string; alt: string }>({
      query: ({ id, alt }) => ({ url: `/admin/images/${id}`, method: 'PATCH', body: { alt } }),
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    deleteImage: build.mutation<void, { productId: string; imageId: string }>({
      query: ({ productId, imageId }) => ({ url: `/admin/products/${productId}/images/${imageId}`, method: 'DELETE' }),
      invalidatesTags: ['AdminProduct', 'Product'],
    }),
    importProducts: build.mutation<ImportReport, File>({
      query: (file) => {
        const body = new FormData();
        body.append('file', file);
        return { url: '/admin/products/import', method: 'POST', body };
      },
      invalidatesTags: ['AdminProduct', 'Product', 'Inventory'],
    }),
    adminCategories: build.query<AdminCategory[], void>({
      query: () => '/admin/categories',
      transformResponse: (r: ItemList<AdminCategory>) => r.items,
      providesTags: ['Categories'],
    }),
    createCategory: build.mutation<AdminCategory, CategoryInput>({
      query: (body) => ({ url: '/admin/categories', method: 'POST', body }),
      invalidatesTags: ['Categories'],
    }),
    updateCategory: build.mutation<AdminCategory, { id: string; changes: CategoryUpdate }>({
      query: ({ id, changes }) => ({ url: `/admin/categories/${id}`, method: 'PATCH', body: changes }),
      invalidatesTags: ['Categories'],
    }),
    deleteCategory: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/categories/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Categories'],
    }),

    // --- inventory ---------------------------------------------------------------------------
    inventory: build.query<Paginated<InventoryRow>, QueryParams>({
      query: (p) => `/admin/inventory?${toQuery(p)}`,
      providesTags: ['Inventory'],
    }),
    ledger: build.query<Paginated<LedgerEntry>, { variantId: string; page?: number }>({
      query: ({ variantId, page = 1 }) => `/admin/variants/${variantId}/ledger?page=${page}&limit=20`,
      providesTags: ['Inventory'],
    }),
    adjustStock: build.mutation<unknown, { variantId: string } & StockAdjustment>({
      query: ({ variantId, ...body }) => ({ url: `/admin/variants/${variantId}/stock`, method: 'POST', body }),
      invalidatesTags: ['Inventory', 'AdminProduct', 'Product', 'Report'],
    }),

    // --- coupons, shipping, tax --------------------------------------------------------------
    pricingList: build.query<Pricing[PricingKind][], PricingKind>({
      query: (kind) => `/admin/${kind}`,
      transformResponse: (r: ItemList<Pricing[PricingKind]>) => r.items,
      providesTags: (_r, _e, kind) => [{ type: 'Pricing', id: kind }],
    }),
    savePricing: build.mutation<unknown, { kind: PricingKind; id?: string; body: Partial<PricingInput[PricingKind]> }>({
      query: ({ kind, id, body }) => ({ url: id ? `/admin/${kind}/${id}` : `/admin/${kind}`, method: id ? 'PATCH' : 'POST', body }),
      invalidatesTags: (_r, _e, { kind }) => [{ type: 'Pricing', id: kind }],
    }),
    deletePricing: build.mutation<void, { kind: PricingKind; id: string }>({
      query: ({ kind, id }) => ({ url: `/admin/${kind}/${id}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, { kind }) => [{ type: 'Pricing', id: kind }],
    }),

    // --- customers ---------------------------------------------------------------------------
    customers: build.query<Paginated<AdminUser>, QueryParams>({ query: (p) => `/admin/users?${toQuery(p)}`, providesTags: ['Customer'] }),
    customer: build.query<AdminUser, string>({
      query: (id) => `/admin/users/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Customer', id }],
    }),
    updateCustomer: build.mutation<AdminUser, { id: string; changes: AdminUserUpdate }>({
      query: ({ id, changes }) => ({ url: `/admin/users/${id}`, method: 'PATCH', body: changes }),
      invalidatesTags: ['Customer', 'Audit'],
    }),
    /** GDPR erasure: personal data removed, orders kept but anonymised. `confirm` is the account's email. */
    eraseCustomer: build.mutation<unknown, { id: string } & AdminEraseRequest>({
      query: ({ id, confirm }) => ({ url: `/admin/users/${id}/erase`, method: 'POST', body: { confirm } }),
      invalidatesTags: ['Customer', 'AdminOrder', 'Audit'],
    }),
    revokeCustomerSessions: build.mutation<RevokedCount, string>({
      query: (id) => ({ url: `/admin/users/${id}/sessions/revoke`, method: 'POST' }),
      invalidatesTags: ['Audit'],
    }),

    // --- store credit and gift cards --------------------------------------------------------
    giftCards: build.query<AdminGiftCard[], void>({
      query: () => '/admin/gift-cards',
      transformResponse: (r: ItemList<AdminGiftCard>) => r.items,
      providesTags: ['Balances'],
    }),
    issueGiftCard: build.mutation<IssuedGiftCard, GiftCardIssue>({
      query: (body) => ({ url: '/admin/gift-cards', method: 'POST', body }),
      invalidatesTags: ['Balances', 'Audit'],
    }),
    customerStoreCredit: build.query<StoreCredit, string>({
      query: (id) => `/admin/customers/${id}/store-credit`,
      providesTags: ['Balances'],
    }),
    adjustStoreCredit: build.mutation<StoreCredit, { id: string } & StoreCreditAdjustment>({
      query: ({ id, ...body }) => ({ url: `/admin/customers/${id}/store-credit`, method: 'POST', body }),
      invalidatesTags: ['Balances', 'Audit'],
    }),

    // --- reviews, jobs, audit ----------------------------------------------------------------
    moderationQueue: build.query<AdminReviewList, QueryParams>({
      query: (p) => `/admin/reviews?${toQuery(p)}`,
      providesTags: ['Moderation'],
    }),
    moderateReview: build.mutation<unknown, { id: string; action: 'publish' | 'reject' } & ModerationNote>({
      query: ({ id, action, note }) => ({ url: `/admin/reviews/${id}/${action}`, method: 'POST', body: note ? { note } : {} }),
      invalidatesTags: ['Moderation', 'Reviews'],
    }),
    jobStats: build.query<JobStats['items'], void>({
      query: () => '/admin/jobs/stats',
      transformResponse: (r: JobStats) => r.items,
      providesTags: ['Jobs'],
    }),
    jobs: build.query<Paginated<Job>, QueryParams>({ query: (p) => `/admin/jobs?${toQuery(p)}`, providesTags: ['Jobs'] }),
    retryJob: build.mutation<unknown, number>({
      query: (id) => ({ url: `/admin/jobs/${id}/retry`, method: 'POST' }),
      invalidatesTags: ['Jobs'],
    }),
    discardJob: build.mutation<void, number>({
      query: (id) => ({ url: `/admin/jobs/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Jobs'],
    }),
    auditLogs: build.query<Paginated<AuditEntry>, QueryParams>({
      query: (p) => `/admin/audit-logs?${toQuery(p)}`,
      providesTags: ['Audit'],
    }),
  }),
});

export const {
  useGiftCardsQuery,
  useIssueGiftCardMutation,
  useCustomerStoreCreditQuery,
  useAdjustStoreCreditMutation,
  useDashboardQuery,
  useAdminOrdersQuery,
  useAdminOrderQuery,
  useFulfilOrderMutation,
  useDeliverOrderMutation,
  useCancelOrderMutation,
  useRefundOrderMutation,
  useCreateDraftOrderMutation,
  useUpdateDraftOrderMutation,
  useSendInvoiceMutation,
  useMarkPaidOfflineMutation,
  useAdminProductsQuery,
  useAdminProductQuery,
  useCreateProductMutation,
  useUpdateProductMutation,
  useDeleteProductMutation,
  useAddVariantMutation,
  useUpdateVariantMutation,
  useDeleteVariantMutation,
  useUploadImagesMutation,
  useReorderImagesMutation,
  useUpdateImageMutation,
  useDeleteImageMutation,
  useImportProductsMutation,
  useAdminCategoriesQuery,
  useCreateCategoryMutation,
  useUpdateCategoryMutation,
  useDeleteCategoryMutation,
  useInventoryQuery,
  useLedgerQuery,
  useAdjustStockMutation,
  usePricingListQuery,
  useSavePricingMutation,
  useDeletePricingMutation,
  useCustomersQuery,
  useCustomerQuery,
  useUpdateCustomerMutation,
  useRevokeCustomerSessionsMutation,
  useEraseCustomerMutation,
  useModerationQueueQuery,
  useModerateReviewMutation,
  useJobStatsQuery,
  useJobsQuery,
  useRetryJobMutation,
  useDiscardJobMutation,
  useAuditLogsQuery,
} = adminApi;
