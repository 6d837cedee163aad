/**
 * The telephony module's configuration slice: NODMELD_SIP_ENABLED, the NODMELD_SIP_* variables and
 * the voice prompts' folders (NODMELD_PROMPTS_DIR for recordings, NODMELD_PROMPTS_GENERATED_DIR for
 * the synthesised ones, default `.data/prompts`).
 */
import { z } from 'zod';
import { cleanEnv, envBool } from '../platform/config.ts';
import { SipConfigError, sipConfigFromEnv, type SipConfig } from './sip/config.ts';
import type { PromptDirs } from './voice/prompt-library.ts';

/** Where `nodmeld prompts generate` writes by default (beside the embedded database's `.data/pglite`). */
export const DEFAULT_GENERATED_PROMPTS_DIR = '.data/prompts';

export interface TelephonyConfig {
  /** NODMELD_SIP_ENABLED (default true): serve SIP next to HTTP. */
  enabled: boolean;
  sip: SipConfig;
  prompts: PromptDirs;
}

/** NODMELD_SIP_ENABLED and the NODMELD_SIP_* variables, read once into the typed SIP configuration. */
export const telephonyConfigSchema = z
  .record(z.string(), z.string())
  .transform((env, ctx): TelephonyConfig => {
    const enabled = envBool.default(true).safeParse(env.NODMELD_SIP_ENABLED);
    if (!enabled.success)
      ctx.addIssue({ code: 'custom', message: 'NODMELD_SIP_ENABLED: must be true or false' });
    try {
      const clean = cleanEnv(env);
      const recorded = clean.NODMELD_PROMPTS_DIR?.trim();
      return {
        enabled: enabled.success ? enabled.data : true,
        sip: sipConfigFromEnv(clean),
        prompts: {
          ...(recorded ? { recorded } : {}),
          generated: clean.NODMELD_PROMPTS_GENERATED_DIR?.trim() || DEFAULT_GENERATED_PROMPTS_DIR,
        },
      };
    } catch (e) {
      if (!(e instanceof SipConfigError)) throw e;
      for (const issue of e.issues) ctx.addIssue({ code: 'custom', message: issue });
      return z.NEVER;
    }
  });
