import type { Database } from 'sql.js';

/**
 * Runs `work` in one transaction: committed when it returns, rolled back when it throws (then
 * `onRollback` restores what the caller kept in memory about the rows, and the error goes on).
 */
export function inTransaction<T>(db: Database, work: () => T, onRollback?: () => void): T {
  db.run('BEGIN');
  try {
    const result = work();
    db.run('COMMIT');
    return result;
  } catch (error) {
    db.run('ROLLBACK');
    onRollback?.();
    throw error;
  }
}
