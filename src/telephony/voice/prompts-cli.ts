/**
 * `nodmeld prompts generate|check` (issue 13, part 2): make the voice menu's synthesised prompts
 * for the routing data (the default data set, or `--data DIR`), or check that every sentence the
 * menus can say has a playable file (recorded or generated) — exit 1 naming each that has not.
 */
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../platform/module.ts';
import { routingModule } from '../../routing/module.ts';
import { loadDataSetOrThrow } from '../../routing/config.ts';
import { DEFAULT_DATA_DIR } from '../../routing/data/load.ts';
import { compileRoutingData } from '../../routing/domain/compile.ts';
import { promptCatalogue } from '../../routing/domain/menu.ts';
import type { TelephonyConfig } from '../config.ts';
import { generatePrompts, SynthesizerMissingError } from './generate-prompts.ts';
import { PromptLibrary, PromptLibraryError } from './prompt-library.ts';

export const promptsCommand: CliCommand<TelephonyConfig> = {
  usage: `prompts generate [--data DIR] [--out DIR] [--force]
                                         synthesise the voice menu's prompts (espeak-ng, sox) for the data
  nodmeld prompts check [--data DIR]     every sentence the menus can say has a playable audio file`,
  async run(argv, ctx) {
    const [action, ...rest] = argv;
    let values: { data?: string; out?: string; force?: boolean };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { data: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
        strict: true,
      }));
    } catch (err) {
      ctx.err(`prompts: ${(err as Error).message}`);
      return 2;
    }
    if (action !== 'generate' && action !== 'check') {
      ctx.err('prompts: say `generate` or `check`');
      return 2;
    }
    const dataDir = values.data ?? ctx.configOf(routingModule).NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR;
    const catalogue = promptCatalogue(compileRoutingData(await loadDataSetOrThrow(dataDir), 0));
    const dirs = { ...ctx.config.prompts, ...(values.out ? { generated: values.out } : {}) };
    if (action === 'generate') {
      try {
        const r = await generatePrompts(catalogue, dirs.generated, { force: values.force ?? false });
        ctx.out(
          `${r.made} prompt(s) made, ${r.kept} unchanged, in ${r.dir} (${catalogue.length} sentences, ` +
            'the Sami ones marked for a native speaker’s recording in manifest.json)',
        );
        return 0;
      } catch (err) {
        if (err instanceof SynthesizerMissingError) {
          ctx.err(`prompts: ${err.message}`);
          return 1;
        }
        throw err;
      }
    }
    try {
      const library = await PromptLibrary.load(catalogue, dirs);
      const recorded = catalogue.filter((p) => library.sourceOf(p.id) === 'recorded').length;
      ctx.out(
        `all ${library.size} prompts playable: ${recorded} recorded` +
          (dirs.recorded ? ` (${dirs.recorded})` : '') +
          `, ${library.size - recorded} synthesised (${dirs.generated})`,
      );
      return 0;
    } catch (err) {
      if (err instanceof PromptLibraryError) {
        ctx.err(`prompts: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};
