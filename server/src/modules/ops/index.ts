export { CacheControl } from './cache-control';
export { registerOpsRoutes } from './ops.routes';
