import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, sliceOf } from './config.ts';
import { routingModule } from '../routing/module.ts';
import type { RoutingConfig } from '../routing/config.ts';
import { telephonyModule } from '../telephony/module.ts';
import type { TelephonyConfig } from '../telephony/config.ts';

describe('typed configuration', () => {
  it('applies defaults and hands each module its own slice', () => {
    const c = loadConfig({});
    expect(c.platform).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', NODMELD_DATA_DIR: '.data/pglite' });
    expect(c.platform.DATABASE_URL).toBeUndefined();
    expect(sliceOf<RoutingConfig>(c, routingModule)).toMatchObject({ NODMELD_POSITIONING_DEADLINE_MS: 2500 });
    const telephony = sliceOf<TelephonyConfig>(c, telephonyModule);
    expect(telephony.enabled).toBe(true);
    expect(telephony.sip).toMatchObject({ host: '127.0.0.1', port: 5060 });
    // A module sees its own slice only: routing's has no platform or SIP settings in it.
    expect(Object.keys(sliceOf<RoutingConfig>(c, routingModule))).not.toContain('PORT');
  });

  it('parses the SIP settings once into the typed SIP configuration', () => {
    const c = loadConfig({
      NODMELD_SIP_PORT: '5070',
      NODMELD_SIP_TRUNKS: '[{"name":"t","sources":["10.0.0.0/8"],"network":"mobile"}]',
    });
    const { sip } = sliceOf<TelephonyConfig>(c, telephonyModule);
    expect(sip.port).toBe(5070);
    expect(sip.trunks).toEqual([{ name: 't', sources: ['10.0.0.0/8'], network: 'mobile' }]);
  });

  it('fails fast with a message naming every bad variable of every module', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'not a url',
        NODMELD_API_TOKEN: 'short',
        NODMELD_REROUTE_PLANNED_DEADLINE: '25:00',
        NODMELD_POSITIONING_DEADLINE_MS: '20000',
        NODMELD_SIP_TRUNKS: '[{"name":',
        NODMELD_SIP_ENABLED: 'perhaps',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'NODMELD_API_TOKEN',
      'NODMELD_REROUTE_PLANNED_DEADLINE',
      'NODMELD_POSITIONING_DEADLINE_MS',
      'NODMELD_SIP_TRUNKS',
      'NODMELD_SIP_ENABLED',
    ]) {
      expect(msg).toContain(name);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).platform.PORT).toBe(8080);
  });
});
