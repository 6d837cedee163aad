/**
 * Commands contributed by other contexts (SIP server, positioning simulator). Returns null for an
 * unknown command.
 */
export async function runCliExtension(cmd: string, argv: string[]): Promise<number | null> {
  switch (cmd) {
    case 'positioning-sim': {
      const { runPositioningSimCommand } = await import('../routing/positioning/simulator-main.ts');
      return runPositioningSimCommand(argv);
    }
    case 'sip': {
      const { runSipCommand } = await import('../telephony/sip/cli.ts');
      return runSipCommand(argv);
    }
    default:
      return null;
  }
}
