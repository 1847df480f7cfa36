export {
  findWorkspaceRoot,
  readLocalInfraState,
  postgresServerUrl,
  serviceDatabaseUrl,
  withDatabase,
  databaseNameOf,
  assertDatabaseName,
  DatabaseNotConfiguredError,
} from './database-url.js';
export { ensureDatabase, dropDatabase } from './ensure-database.js';
