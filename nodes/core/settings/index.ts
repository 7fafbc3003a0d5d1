export * from './sync-settings';
