export * from './iso-date.ts';
export * from './holidays.ts';
