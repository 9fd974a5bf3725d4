export * from './cart.schemas';
export * from './order.schemas';
export * from './pricing-admin.schemas';
export * from './promotion.schemas';
export * from './customer-group.schemas';
