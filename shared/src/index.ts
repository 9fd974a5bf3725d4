export * from './common';
export * from './auth';
export * from './catalog';
export * from './orders';
export * from './reviews';
export * from './search';
export * from './realtime';
export * from './analytics';
