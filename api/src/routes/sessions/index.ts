// /api/v1/sessions: everything the PWA's sync needs. exportRoutes come before metadataRoutes so that
// GET /sessions/export is not taken for GET /sessions/{id}.
import { createRouter } from '../../http/router.ts';
import { analysisRoutes } from './analysis.ts';
import { chunkRoutes } from './chunks.ts';
import { eventRoutes } from './events.ts';
import { exportRoutes } from './export.ts';
import { ioRoutes } from './io.ts';
import { metadataRoutes } from './metadata.ts';

export function sessionRoutes() {
  return createRouter()
    .route('/', ioRoutes)
    .route('/', exportRoutes)
    .route('/', metadataRoutes)
    .route('/', chunkRoutes)
    .route('/', eventRoutes)
    .route('/', analysisRoutes);
}
