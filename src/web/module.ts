/**
 * The web module: serves the built React app (`web/dist`) at `/`. Mounted last in the module list:
 * it answers every other GET path with the client-side app.
 */
import { defineModule } from '../platform/module.ts';
import { webAppRoutes, type WebAppOptions } from './serve.ts';

export function createWebModule(opts: WebAppOptions = {}) {
  return defineModule<undefined, undefined>({
    name: 'web',
    init: () => ({ api: undefined, routes: (_route, app) => webAppRoutes(app, opts) }),
  });
}

export const webModule = createWebModule();
