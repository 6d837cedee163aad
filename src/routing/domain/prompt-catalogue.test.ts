/**
 * The menus' sentences as audio parts (issue 13, part 2; RT-4, RT-5): every prompt the menus give
 * in any walk is made of parts the catalogue lists, so a voice menu whose library holds the
 * catalogue never meets a sentence without audio.
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultDataSet } from '../data/load.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { compileRoutingData } from './compile.ts';
import { menuInput, promptCatalogue, startMenu, type MenuContext, type MenuStep } from './menu.ts';
import { buildState } from './testing.ts';

const data = compileRoutingData(await loadDefaultDataSet(), 1);
const catalogue = promptCatalogue(data);
const byId = new Map(catalogue.map((p) => [p.id, p]));
const ctx: MenuContext = {
  data,
  state: buildState(),
  at: Date.UTC(2026, 0, 7, 9, 0),
  callingNumber: '+47 41234567',
};

describe('the prompt catalogue (issue 13)', () => {
  it('lists each sentence once, with a file-safe id in its own language, in nb, en and se', () => {
    expect(byId.size).toBe(catalogue.length);
    for (const p of catalogue) {
      expect(p.id).toMatch(/^(nb|en|se)\/[A-Za-z0-9._-]+$/);
      expect(p.id.startsWith(`${p.language}/`)).toBe(true);
      expect(p.text.trim()).not.toBe('');
    }
    for (const language of ['nb', 'en', 'se']) {
      expect(byId.get(`${language}/greeting`)).toBeDefined();
      expect(byId.get(`${language}/connecting.lv-bergen`)?.text).toContain('Bergen legevaktsentral');
    }
    // The offer of Sami is spoken in Sami, whatever the menu's language (RT-4).
    expect(byId.get('se/option.switchTo.2')?.text).toBe('Sámegillii, deaddil 2.');
  });

  it('every prompt of 2,000 random walks through the menus is made of catalogue parts, text for text', () => {
    const random = mulberry32(116117);
    const keys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', '', '5020', '9999', '0150'];
    const check = (step: MenuStep) => {
      expect(step.prompt.parts.map((p) => p.text).join(' ')).toBe(step.prompt.text);
      for (const part of step.prompt.parts) expect(byId.get(part.id)).toEqual(part);
    };
    for (let walk = 0; walk < 2_000; walk++) {
      let step = startMenu({ entry: random() < 0.5 ? 'top' : 'fallback' });
      check(step);
      for (let n = 0; n < 12 && !step.ended; n++) {
        step = menuInput(step.state, keys[Math.floor(random() * keys.length)]!, ctx);
        check(step);
      }
    }
  });
});
