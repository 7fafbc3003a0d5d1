export * from './email';
export * from './phone';
export * from './placeholder-phones';
