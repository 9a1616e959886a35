/**
 * Norway's public holidays per year as date-holidays gives them, precomputed. In the TypeScript
 * sources there is none (holidays.ts asks the library); the package build (scripts/build.ts)
 * replaces this module with the library's answers for 1900–2100.
 */
export const holidayTable: { readonly first: number; readonly last: number; readonly years: Readonly<Record<number, readonly (readonly [string, string])[]>> } | undefined = undefined;
