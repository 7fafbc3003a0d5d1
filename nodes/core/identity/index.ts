export * from './email';
export * from './phone';
