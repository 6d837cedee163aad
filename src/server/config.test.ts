import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('typed configuration', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      NODMELD_DATA_DIR: '.data/pglite',
      NODMELD_POSITIONING_DEADLINE_MS: 2500,
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('fails fast with a message naming every bad variable', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'not a url',
        NODMELD_API_TOKEN: 'short',
        NODMELD_REROUTE_PLANNED_DEADLINE: '25:00',
        NODMELD_POSITIONING_DEADLINE_MS: '20000',
        NODMELD_SIP_TRUNKS: '[{"name":',
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
    ]) {
      expect(msg).toContain(name);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8080);
  });
});
