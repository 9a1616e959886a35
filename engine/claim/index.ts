export * from './input-error.ts';
export * from './check-claim.ts';
export * from './json-text.ts';
export * from './event-names.ts';
