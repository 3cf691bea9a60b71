export {
  AvroDecoder,
  DEFAULT_PREPARE_RETRY,
  type InputDecodeResult,
  type PreparedBatch,
  type ValueDecodeResult,
} from './avro-decoder.js';
export {
  AVRO_DIRECTORY,
  AVRO_EVENT_TYPES,
  type AvroEventType,
  avroSchemaFileName,
  avroSchemaText,
  avroType,
  subjectOf,
} from './avro-schemas.js';
export { toContractObject } from './contract-object.js';
export {
  type AvroEncoder,
  createErasureAvroEncoder,
  createOutputAvroEncoder,
  type EncodeOutputAvro,
} from './output-encoder.js';
export {
  COMPATIBILITY_LEVELS,
  type CompatibilityLevel,
  isCompatibilityLevel,
  type RegisteredSchema,
  registerEventSchemas,
  registerSchema,
} from './register-schemas.js';
export { type Registry, registryConnection } from './registry-client.js';
export {
  IncompatibleSchemaError,
  SchemaRegistryRequestError,
  SchemaRegistryUnavailableError,
} from './registry-errors.js';
export { fetchSchemaById, lookUpSchemaId, type RegistryEndpoint, registryEndpoint } from './registry-http.js';
export { frame, HEADER_BYTES, isFramed, MAGIC_BYTE, unframe } from './wire-format.js';
