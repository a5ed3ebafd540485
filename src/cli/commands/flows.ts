import { describeExpectation, describeVerdict, runFlows } from '../../model/routing/flows.js';
import { EXIT, printJson, resolveModel } from '../io.js';
import type { Command } from './types.js';

export const flowsCommand: Command = {
  name: 'flows',
  summary: 'Run the flow matrix: every standard flow of the seed and the relay probes (exit 1 if one fails)',
  usage: 'coexist flows [--model FILE] [--json]',
  options: {},
  run({ modelPath, output }) {
    const source = resolveModel(modelPath);
    const results = runFlows(source.model);
    const failed = results.filter((r) => !r.pass).length;
    if (output.json) {
      printJson(output, {
        model: source.label,
        ok: failed === 0,
        passed: results.length - failed,
        failed,
        flows: results.map((r) => ({
          id: r.flow.id,
          group: r.flow.group,
          title: r.flow.title,
          message: r.flow.message,
          expected: r.flow.expect,
          verdict: r.trace.verdict,
          pass: r.pass,
        })),
      });
    } else {
      output.out(`${source.label}: flow matrix`);
      for (const r of results) {
        output.out(`${r.pass ? 'PASS' : 'FAIL'}  ${r.flow.title}`);
        if (!r.pass) output.out(`      expected ${describeExpectation(r.flow.expect)}, got ${describeVerdict(r.trace.verdict)}`);
      }
      output.out(`${results.length - failed} passed, ${failed} failed`);
    }
    return failed > 0 ? EXIT.findings : EXIT.ok;
  },
};
