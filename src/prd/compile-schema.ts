import { Ajv } from 'ajv';
import { describeAjvError, type SchemaProblem } from './describe-ajv-error.js';

export type SchemaCheck = (value: unknown) => SchemaProblem[];

/** Compile a JSON schema into a check that returns every problem, in plain words. */
export function compileSchema(schema: object): SchemaCheck {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return [];
    return (validate.errors ?? []).map(describeAjvError);
  };
}
