/**
 * `nodmeld lip <hex> [--bits N] [--at ISO]`: decodes one LIP PDU (the SDS user data after the
 * protocol identifier 0x0A) and prints the PDU and the position fix as JSON — for checking a
 * report captured from a terminal or the gateway against what nodmeld makes of it (docs/nodnett.md).
 * Exit 0 decoded, 1 refused (the error names the field and the bit), 2 usage.
 */
import type { CliCommand } from '../platform/module.ts';
import { decodeLip } from './lip/decode.ts';
import { lipFix } from './lip/fix.ts';

export const lipCommand: CliCommand = {
  usage: `lip <hex> [--bits N] [--at ISO]     decode a LIP location report (hex of the SDS user data after 0x0A);
                                     --bits: its length in bits; --at: when it was received (default now)`,
  async run(argv, ctx) {
    const hex = argv.find((a, i) => !a.startsWith('--') && !['--bits', '--at'].includes(argv[i - 1] ?? ''));
    const flag = (name: string) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    };
    const bits = flag('--bits');
    const at = flag('--at');
    const atMs = at === undefined ? Date.now() : Date.parse(at);
    if (hex === undefined || (bits !== undefined && !/^\d+$/.test(bits)) || Number.isNaN(atMs)) {
      ctx.err(`usage: nodmeld ${lipCommand.usage}\n`);
      return 2;
    }
    const r = decodeLip(hex.replace(/\s+/g, ''), bits === undefined ? {} : { bitLength: Number(bits) });
    if (!r.ok) {
      ctx.err(`${JSON.stringify({ error: r.error }, null, 2)}\n`);
      return 1;
    }
    const fix = lipFix(r.pdu, atMs);
    ctx.out(`${JSON.stringify({ pdu: r.pdu, fix: fix.ok ? fix.fix : { none: fix.reason } }, null, 2)}\n`);
    return 0;
  },
};
