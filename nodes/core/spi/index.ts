/** Sitoo SPIs (docs/reference/sitoo-spi.md): Basic-auth check, Events SPI batches and dedupe, CRM SPI v2 calls. Pure. */
export * from './basic-auth';
export * from './events';
export * from './dedupe';
export * from './batch';
export * from './crm';
export * from './held';
export * from './journal';
