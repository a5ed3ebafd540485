// The differential lab (issue 11): generated coexistence models, each configured on real Postfix + Dovecot
// through the postfix-dovecot adapter; the flow matrix, the relay probes and random messages are sent for
// real and compared with the preview: acceptance at the first hop, where it ended, and the servers it went
// through. CI runs a fixed seed and count; `npm run test:lab -- --models N --seed S` runs more, and
// `--seed S --model I` one model again. A mismatch prints the seed, the model file and the rows, and keeps
// the lab's files. The same reality is also judged against preview-only edits, which must disagree: the
// proof that a break on the preview side cannot pass.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable, type Judged } from './compare.js';
import { CI_DEFAULTS, diffOptionsFromEnv, modelIndexes } from './diff-options.js';
import { generateModel, randomFlows } from './generate.js';
import { MailLab, type ScenarioResult } from './lab.js';
import { PREVIEW_EDITS, previewEditFromEnv } from './lab-scenarios.js';
import { labSkipReason } from './prerequisites.js';

const skip = labSkipReason();
const edit = previewEditFromEnv();
const options = diffOptionsFromEnv();
const say = (line: string) => process.stdout.write(`[difflab] ${line}\n`);
const indexes = modelIndexes(options);

describe.skipIf(Boolean(skip) || indexes.length === 0)(
  `differential lab: ${indexes.length} generated model(s), seed ${options.seed}`,
  () => {
    let lab: MailLab | undefined;
    const root = join(process.env.COEXIST_LAB_DIR ?? tmpdir(), `coexist-difflab-${process.pid}`);
    const results: { index: number; result: ScenarioResult }[] = [];
    const failed: { index: number; file: string; rows: Judged[] }[] = [];
    const started = performance.now();

    beforeAll(async () => {
      say(
        `seed ${options.seed}, models ${indexes.length === 1 ? `#${indexes[0]}` : `0..${indexes.length - 1}`}, ${options.random} random message(s) per model on top of the flow matrix and the relay probes`,
      );
      if (edit) say(`COEXIST_LAB_PREVIEW_EDIT=${edit.name}: the preview side only gets this edit: ${edit.description}`);
      lab = await MailLab.create(root, say);
    });

    afterAll(async () => {
      if (!lab) return;
      for (const n of await lab.stop()) say(n);
      const rows = results.reduce((s, r) => s + r.result.rows.length, 0);
      const bad = results.reduce((s, r) => s + r.result.rows.filter((x) => !x.match).length, 0);
      const firstHopOnly = results.reduce((s, r) => s + r.result.rows.filter((x) => x.match && x.firstHopOnly).length, 0);
      say(
        `record: seed ${options.seed}, ${results.length} model(s), ${rows} rows compared, ${bad} mismatch(es), ${firstHopOnly} judged on the first hop only; ${Math.round((performance.now() - started) / 1000)} s`,
      );
      if (failed.length === 0 && results.length === indexes.length) rmSync(root, { recursive: true, force: true });
      else say(`kept for inspection (model files, configs, logs, Maildirs, rows): ${root}`);
    });

    for (const index of indexes) {
      it(`model ${index}: the preview and the real servers agree on every message`, async () => {
        const model = generateModel(options.seed, index);
        const result = await lab!.prove(
          { id: `seed${options.seed}-model${index}`, title: `generated model ${index} of seed ${options.seed}`, model },
          {
            ...(edit ? { previewEdit: edit.edit } : {}),
            extraFlows: (m) => randomFlows(m, options.seed, index, options.random),
            sensitivity: Object.entries(PREVIEW_EDITS).map(([name, e]) => ({ name, edit: e.edit })),
          },
        );
        results.push({ index, result });
        const bad = result.rows.filter((r) => !r.match);
        const shape = `${model.exchange.servers.length} Exchange, ${model.pop3.servers.length} POP3, ${model.exchange.connectors.length} connector(s), ${model.scenario}`;
        say(
          `model ${index} (${shape}): ${result.rows.length - bad.length}/${result.rows.length} rows match; timings ms ${JSON.stringify(result.timings)}`,
        );
        if (bad.length > 0) {
          const table = join(root, `seed${options.seed}-model${index}.rows.txt`);
          writeFileSync(table, `${formatTable(result.rows)}\n`);
          const configs = join(root, `seed${options.seed}-model${index}.etc`);
          lab!.keepConfigs(configs);
          failed.push({ index, file: result.file, rows: bad });
          process.stdout.write(
            `\nMISMATCH seed ${options.seed} model ${index}\n  model file: ${result.file}\n  all rows:   ${table}\n  configs:    ${configs}\n  again:      npm run test:lab -- --seed ${options.seed} --model ${index}\n\n${formatTable(bad)}\n\n`,
          );
        } else {
          lab!.forgetMail();
        }
        expect(bad.map((r) => `${r.flow}: ${r.why}`)).toEqual([]);
      });
    }

    it('a preview-only break disagrees with the same real mail (the lab would catch it)', () => {
      // Each edit of lab-scenarios.ts, judged against the reality of every model above: a comparison that
      // cannot see an edited preview proves nothing, so each must produce mismatches somewhere.
      expect(results.length).toBeGreaterThan(0);
      for (const name of Object.keys(PREVIEW_EDITS)) {
        const rows = results.flatMap((r) => r.result.sensitivity[name] ?? []);
        const caught = rows.filter((r) => !r.match).length;
        say(`preview-only edit ${name}: ${caught}/${rows.length} rows disagree with the real servers`);
        // A few models need not exercise every edit (--models 3 may not); CI's count and more must.
        if (indexes.length >= CI_DEFAULTS.models) expect(caught, `the edit ${name} went unnoticed`).toBeGreaterThan(0);
        else if (caught === 0)
          say(`preview-only edit ${name}: not exercised by ${indexes.length} model(s); not judged below ${CI_DEFAULTS.models}`);
      }
    });
  },
);
