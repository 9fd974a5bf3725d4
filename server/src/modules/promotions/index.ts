export { couponProblem, couponRule } from './coupon';
export { CouponRepository, type CouponRow } from './coupon.repository';
export { CouponAdminService } from './coupon-admin.service';
export { registerCouponAdminRoutes } from './coupon-admin.routes';
export { Coupon, CouponRedemption, definePromotionsModels } from './promotions.models';
