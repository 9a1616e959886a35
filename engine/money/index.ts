export * from './ore.ts';
export * from './rational.ts';
export * from './interest.ts';
export * from './norwegian.ts';
export * from './amount-problem.ts';
