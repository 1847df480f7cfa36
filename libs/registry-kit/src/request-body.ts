import { ContractViolation, getContracts, type SchemaId, type SchemaTypeMap } from '@ndg/contracts';

/** The body, typed by its contract, or a ContractViolation naming every offending field (422). */
export function parseBody<K extends SchemaId>(schemaId: K, body: unknown): SchemaTypeMap[K] {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ContractViolation(schemaId, [{ path: '', message: 'the body must be a JSON object' }]);
  }
  const result = getContracts().validate(schemaId, body);
  if (!result.ok) throw new ContractViolation(schemaId, result.errors);
  return result.value as SchemaTypeMap[K];
}
