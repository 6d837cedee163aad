/**
 * The telephony module's configuration slice: NODMELD_SIP_ENABLED and the NODMELD_SIP_* variables.
 */
import { z } from 'zod';
import { cleanEnv, envBool } from '../platform/config.ts';
import { SipConfigError, sipConfigFromEnv, type SipConfig } from './sip/config.ts';

export interface TelephonyConfig {
  /** NODMELD_SIP_ENABLED (default true): serve SIP next to HTTP. */
  enabled: boolean;
  sip: SipConfig;
}

/** NODMELD_SIP_ENABLED and the NODMELD_SIP_* variables, read once into the typed SIP configuration. */
export const telephonyConfigSchema = z
  .record(z.string(), z.string())
  .transform((env, ctx): TelephonyConfig => {
    const enabled = envBool.default(true).safeParse(env.NODMELD_SIP_ENABLED);
    if (!enabled.success)
      ctx.addIssue({ code: 'custom', message: 'NODMELD_SIP_ENABLED: must be true or false' });
    try {
      return { enabled: enabled.success ? enabled.data : true, sip: sipConfigFromEnv(cleanEnv(env)) };
    } catch (e) {
      if (!(e instanceof SipConfigError)) throw e;
      for (const issue of e.issues) ctx.addIssue({ code: 'custom', message: issue });
      return z.NEVER;
    }
  });
