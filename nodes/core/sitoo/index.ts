/** Sitoo node helpers (no n8n): form values → queries, the refund position, the store look-up, order normalization with look-ups, orders by id, the editor's choices. */
export * from './parameters';
export * from './choices';
export { ORDER_LIST_FIELDS, CUSTOMER_FIELDS } from './fields';
export { refundSequence } from './refunds';
export { storesByWarehouse, orderNamesItsStore } from './stores';
export type { SitooStoreRow, SitooWarehouseRow } from './stores';
export { SitooOrderNormalizer } from './normalizer';
export type { OrderNormalizerOptions, StoreCache } from './normalizer';
export { ProductCache, ProductLookup } from './products';
export { sitooSingle } from './single';
export { IDS_PER_REQUEST, sitooOrderIfFound, sitooOrdersById } from './orders-by-id';
export type { SingleResource } from './single';
