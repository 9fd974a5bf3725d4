export * from './cart.schemas';
export * from './order.schemas';
export * from './pricing-admin.schemas';
