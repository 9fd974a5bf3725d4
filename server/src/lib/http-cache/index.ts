export { guestRouter } from './guest-router';
export { SerializedJson, COMPRESSION_THRESHOLD_BYTES, type BodyEncoding } from './serialized-json';
