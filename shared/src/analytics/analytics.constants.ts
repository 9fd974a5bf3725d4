/**
 * Plain values, kept apart from the zod schemas so the storefront's first load (its analytics
 * tracker) can import them without pulling zod into its main chunk.
 */
export const ANALYTICS_BATCH_MAX = 50;
