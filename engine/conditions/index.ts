export * from './condition.ts';
export * from './operators.ts';
export * from './compile-list.ts';
