/**
 * The validators compiled ahead of time. In the TypeScript sources there are none (Ajv compiles
 * each on first use); the package build (scripts/build.ts) replaces this module with Ajv's
 * standalone code for every schema and API definition, so the built CLI never loads Ajv for them.
 */
export const precompiled: Readonly<Record<string, unknown>> | undefined = undefined;
