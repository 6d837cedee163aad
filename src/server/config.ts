/**
 * The one configuration: the platform's settings and the slice of every module in
 * `server/modules.ts`, validated against one environment at start-up. Every bad variable is
 * reported at once (a ConfigError naming each); each module then receives only its own typed
 * slice. Nothing else reads `process.env`.
 */
import { parseConfig, type SystemConfig } from '../platform/config.ts';
import type { AnyModule } from '../platform/module.ts';
import { MODULES } from './modules.ts';

export { ConfigError, sliceOf, type SystemConfig } from '../platform/config.ts';

/** Validates the platform's and the modules' settings from an environment (default: the process's). */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  modules: readonly AnyModule[] = MODULES,
): SystemConfig {
  return parseConfig(env, modules);
}
