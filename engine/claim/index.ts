export * from './input-error.ts';
export * from './check-claim.ts';
