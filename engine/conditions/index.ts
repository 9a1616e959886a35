export * from './condition.ts';
export * from './operators.ts';
