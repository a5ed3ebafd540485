// The lab's address mapping: the model's 10.0.0.x servers become 127.0.1.x, the preview does not change.
import { describe, expect, it } from 'vitest';
import { modelToText } from '../../src/persistence/file.js';
import { standardFlows } from '../../src/model/routing/flows.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { LAB_ADDRESSES, LabMappingError, mapFlow, mapModelToLab } from '../lab/lab-model.js';
import { labScenarios, PREVIEW_EDITS, previewEditFromEnv, sameDomainLoopModel } from '../lab/lab-scenarios.js';

const strip = (v: object) => JSON.stringify(v).replace(/\d+\.\d+\.\d+\.\d+/g, 'IP');

describe('mapModelToLab', () => {
  for (const scenario of labScenarios()) {
    it(`${scenario.id}: no address outside 127.0.0.0/8 is left to dial, and every verdict is unchanged`, () => {
      const lab = mapModelToLab(scenario.model);
      const text = modelToText(lab.model);
      const ips = [...text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((m) => m[0]);
      expect(ips.length).toBeGreaterThan(0);
      expect(ips.filter((ip) => !ip.startsWith('127.'))).toEqual([]);
      for (const flow of standardFlows(scenario.model)) {
        const before = simulate(scenario.model, flow.message).verdict;
        const after = simulate(lab.model, mapFlow(flow, lab.ipMap).message).verdict;
        expect(strip(after), flow.id).toBe(strip(before));
      }
    });
  }

  it('maps relay lists to the lab addresses of the participants they cover', () => {
    const m = scenarioModel('shared-domain');
    m.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['10.0.0.0/24', '192.0.2.0/24'];
    const lab = mapModelToLab(m);
    expect(lab.model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual([
      '127.0.1.2',
      '127.0.1.3',
      LAB_ADDRESSES.internetClient,
    ]);
    expect(lab.model.pop3.servers[0]!.smtp.remoteDomains[0]!.smartHost).toBe('[127.0.1.2]');
  });

  it('refuses a smart host that is no server of the model instead of dialling it', () => {
    const m = scenarioModel('shared-domain');
    m.exchange.connectors[0]!.smartHosts = ['[198.51.100.7]'];
    expect(() => mapModelToLab(m)).toThrow(LabMappingError);
    expect(() => mapModelToLab(m)).toThrow(
      /exchange\.connectors\[0\]\.smartHosts\[0\]: smart host \[198\.51\.100\.7\] is no server of the model/,
    );
  });
});

describe('lab scenarios', () => {
  it('the same-domain misconfiguration loops in the preview', () => {
    const m = sameDomainLoopModel();
    const loops = standardFlows(m).filter((f) => simulate(m, f.message).verdict.kind === 'loop');
    expect(loops.map((f) => f.id)).toEqual(['internet-to-unknown-user']);
  });

  it('preview-only edits change the preview, and an unknown edit is refused', () => {
    for (const [name, e] of Object.entries(PREVIEW_EDITS)) {
      const m = scenarioModel('shared-domain');
      const edited = structuredClone(m);
      e.edit(edited);
      const changed = standardFlows(m).filter(
        (f) => JSON.stringify(simulate(m, f.message).verdict) !== JSON.stringify(simulate(edited, f.message).verdict),
      );
      expect(changed.length, name).toBeGreaterThan(0);
    }
    expect(previewEditFromEnv({ COEXIST_LAB_PREVIEW_EDIT: 'drop-pop3-mailbox' })?.name).toBe('drop-pop3-mailbox');
    expect(() => previewEditFromEnv({ COEXIST_LAB_PREVIEW_EDIT: 'nope' })).toThrow(/not a known edit; use one of: drop-pop3-mailbox/);
  });
});
