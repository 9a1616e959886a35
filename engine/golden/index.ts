export * from './golden-case.ts';
export * from './compare.ts';
export * from './run.ts';
