export * from './iso-date.ts';
export * from './holidays.ts';
export * from './norwegian.ts';
export * from './oslo-time.ts';
export * from './date-problem.ts';
