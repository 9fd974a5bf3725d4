export { ReviewService, cleanText } from './reviews.service';
export { ReviewRepository, type NewReview } from './reviews.repository';
export { WishlistService } from './wishlist.service';
export { WishlistRepository } from './wishlist.repository';
export { registerReviewRoutes } from './reviews.routes';
export { defineReviewsModels, Review, ReviewReport, ReviewVote, WishlistItem } from './reviews.models';
