/**
 * Schema validation of one parsed rule file, with every problem placed at its line and column.
 */
import type { Diagnostic } from './diagnostic.ts';
import { locate } from './locate.ts';
import type { ParsedFile } from './parse.ts';
import { describeSchemaErrors } from './schema-errors.ts';
import { schemaHints, validatorFor, type SchemaName } from './schemas.ts';

export function validateAgainstSchema(file: ParsedFile, schema: SchemaName): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(file.data)) return [];
  return describeSchemaErrors(validate.errors, schemaHints).map((p) => {
    const { line, col } = locate(file, p.pointer, p.key);
    return {
      code: p.unknownProperty ? 'UNKNOWN_PROPERTY' : 'SCHEMA',
      severity: 'error',
      file: file.file,
      line,
      col,
      pointer: p.key !== undefined ? `${p.pointer}/${p.key}` : p.pointer,
      message: p.message,
    } satisfies Diagnostic;
  });
}
