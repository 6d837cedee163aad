/**
 * Online backup of the embedded database: an administrator downloads a consistent copy of the
 * whole folder while the server runs (`nodmeld backup FILE` uses this when the server holds the
 * folder). Reading every record is itself audited.
 */
import { recordAudit } from '../audit.ts';
import { AppError } from '../errors.ts';
import type { Route } from '../http/route.ts';
import type { Db } from './types.ts';

export const BACKUP_URL = '/api/v1/admin/backup';

export function registerBackupRoutes(route: Route, db: Db): void {
  route({
    method: 'GET',
    url: BACKUP_URL,
    summary: 'Download a backup of the embedded database',
    description:
      'A gzipped tar of the embedded database folder, taken between two queries (consistent). Restore it with `nodmeld restore FILE` while the server is stopped. Only for the embedded database: PostgreSQL is backed up with its own tools.',
    tags: ['admin'],
    auth: { roles: ['admin'] },
    produces: ['application/gzip'],
    errors: [409],
    handler: async ({ actor, reply }) => {
      if (!db.backup)
        throw new AppError(
          'conflict',
          'The database is PostgreSQL: back it up with pg_dump or its own tools',
        );
      const archive = await db.backup();
      await recordAudit(db, actor, {
        action: 'database.backup',
        entityType: 'database',
        entityId: db.kind,
        details: { bytes: archive.length },
      });
      const name = `nodmeld-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
      void reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength));
    },
  });
}
