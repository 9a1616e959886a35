/**
 * The engine's public API. Pure: no file system, no clock. Load rule texts with parseRules (or
 * loadRules from 'inkassomotor/node'), then evaluate claims against the rule set.
 */
export * from './rules/index.ts';
export * from './claim/index.ts';
