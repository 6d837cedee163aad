/**
 * `nodmeld test-calls run [--centre <id>]… [--wait]`: asks the running server to start a
 * test-call run (RT-8) — over the given centres, or every centre — and with `--wait` follows it
 * until it ends and prints its results. `nodmeld test-calls resume <run id>` resumes an
 * interrupted run. The server places the calls (it owns the SIP user agent and, in a demo, the
 * simulated centres); without a running server the command says so.
 */
import { parseArgs } from 'node:util';
import type { CliCommand } from '../platform/module.ts';
import type { TestCallsConfig } from './config.ts';
import { BASE } from './http/routes.ts';
import type { RunDetailDto } from './http/schema.ts';

const USAGE = 'test-calls run [--centre <id>]… [--wait] | test-calls resume <run id>';

function problem(status: number, body: unknown, text: string): string {
  const p = body as { detail?: string; title?: string } | null;
  return `The server answered ${status}: ${p?.detail ?? p?.title ?? text.slice(0, 200)}`;
}

export const testCallsCommand: CliCommand<TestCallsConfig> = {
  usage: USAGE,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { centre: { type: 'string', multiple: true }, wait: { type: 'boolean', default: false } },
    });
    const [sub, id] = positionals;
    if (sub !== 'run' && sub !== 'resume') {
      ctx.err(`usage: nodmeld ${USAGE}`);
      return 2;
    }
    const server = await ctx.server();
    if (!server) {
      ctx.err('No nodmeld server answers: start it (npm start); the server places the test calls.');
      return 1;
    }
    let runId: string;
    if (sub === 'resume') {
      if (!id) {
        ctx.err(`usage: nodmeld ${USAGE}`);
        return 2;
      }
      const r = await server.request('POST', `${BASE}/runs/${encodeURIComponent(id)}/resume`, {});
      if (r.status !== 202) {
        ctx.err(problem(r.status, r.body, r.text));
        return 1;
      }
      runId = id;
    } else {
      const body = values.centre?.length ? { centreIds: values.centre } : {};
      const r = await server.request('POST', `${BASE}/runs`, body);
      if (r.status !== 202) {
        ctx.err(problem(r.status, r.body, r.text));
        return 1;
      }
      runId = (r.body as { runId: string }).runId;
    }
    ctx.out(`Test-call run ${runId} started.`);
    if (!values.wait) return 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const r = await server.request('GET', `${BASE}/runs/${runId}`);
      if (r.status !== 200) {
        ctx.err(problem(r.status, r.body, r.text));
        return 1;
      }
      const d = r.body as RunDetailDto;
      if (d.run.status === 'running' || d.run.status === 'queued') continue;
      for (const x of d.results) {
        const who =
          x.kind === 'direct' ? `${x.centreId} ${x.target}` : `${x.centreId} 116117 from ${x.municipality}`;
        const answered = x.answered ? `answered in ${x.answerMs} ms` : 'not answered';
        const reached =
          x.reachedCentreId && x.reachedCentreId !== x.centreId ? ` reached ${x.reachedCentreId}` : '';
        ctx.out(
          `${x.verdict.padEnd(16)} ${who}: ${answered}${reached} (SIP ${x.sipCodes.join(' ')}; data v${x.dataVersion})`,
        );
      }
      const failures = d.results.filter((x) => x.failure).length;
      ctx.out(`Run ${d.run.status}: ${d.results.length} calls, ${failures} failed.`);
      return failures > 0 || d.run.status !== 'completed' ? 1 : 0;
    }
  },
};
