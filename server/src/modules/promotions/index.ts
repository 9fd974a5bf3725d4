export { couponProblem, couponRule } from './coupon';
export { CouponRepository, type CouponCustomer, type CouponRecord } from './coupon.repository';
export { CouponService, type RedeemingOrder } from './coupon.service';
export { registerCouponAdminRoutes } from './coupon-admin.routes';
export { Coupon, CouponRedemption, definePromotionsModels } from './promotions.models';
