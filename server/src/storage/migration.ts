/** One versioned schema change; versions run in ascending order, each exactly once. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * The migrations still to run on a store at `appliedVersion`. Refuses a store
 * written by a newer Parley (its schema is unknown to this code) and a list that
 * is not numbered 1, 2, 3... (a reordered list would run changes out of turn).
 */
export const pendingMigrations = (migrations: readonly Migration[], appliedVersion: number): Migration[] => {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
  if (appliedVersion > migrations.length) {
    throw new Error(
      `the store's schema is at version ${appliedVersion}, newer than this Parley knows (${migrations.length}): refusing to open it`,
    );
  }
  return migrations.slice(appliedVersion);
};
