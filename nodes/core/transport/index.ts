/** The transport core: injected HTTP, errors, retry policy, pacing, Klaviyo and Sitoo conventions. */
export * from './http';
export * from './errors';
export * from './retry';
export * from './pacer';
export * from './klaviyo';
export * from './sitoo';
export * from './deadline';
