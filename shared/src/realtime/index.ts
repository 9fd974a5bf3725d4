export * from './realtime.schemas';
