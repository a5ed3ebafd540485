// route --batch answers many recipients without simulating each (BatchAnswers: a memo per recipient and, for
// recipients whose route cannot depend on the local part, the domain's answer with the local part filled in).
// Every line must be byte for byte the JSON of the full simulate() of that recipient, on generated models,
// from every kind of origin, for batches that repeat domains with many local parts: the model's own users and
// mailboxes, unknown users, quoted local parts, the percent hack, source routes, bang paths, address literals,
// IDN and look-alike domains, hostile text. The preview is the product's promise: the fast path never disagrees.
// The route table (what a model compiles to, answered without the model) has its own tests: route-table.property.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BatchAnswers } from '../../src/cli/commands/route-answers.js';
import { params } from '../hardening/fc-seed.js';
import { acceptedModel, localDomains } from '../hardening/models.js';
import { fullLine, options, recipients, tracedLine } from '../helpers/route-batch-gen.js';

describe('route --batch answers', () => {
  it('are the full simulation of each recipient, byte for byte, however many share a domain', () => {
    const gen = acceptedModel(6).chain((g) => fc.tuple(fc.constant(g.model), options(g.model), recipients(g.model)));
    fc.assert(
      fc.property(gen, ([model, opts, list]) => {
        const answers = new BatchAnswers(model, { recipient: '', ...opts }, false);
        // Each recipient twice over, in two orders: the first answers of a domain, then its filled-in ones.
        for (const recipient of [...list, ...list.slice().reverse()]) {
          expect(answers.line(recipient)).toBe(fullLine(model, { recipient, ...opts }));
        }
      }),
      params(500),
    );
  });

  it('with --trace, are the full trace of each recipient', () => {
    const gen = acceptedModel(4).chain((g) => fc.tuple(fc.constant(g.model), options(g.model), recipients(g.model)));
    fc.assert(
      fc.property(gen, ([model, opts, list]) => {
        const answers = new BatchAnswers(model, { recipient: '', ...opts }, true);
        for (const recipient of [...list, ...list]) expect(answers.line(recipient)).toBe(tracedLine(model, { recipient, ...opts }));
      }),
      params(100),
    );
  });

  it('fill in the local part of many unknown users of one domain (the fast path is taken)', () => {
    const gen = acceptedModel(6).chain((g) => fc.tuple(fc.constant(g.model), fc.constantFrom(...localDomains(g.model), 'example.org')));
    let filled = 0;
    fc.assert(
      fc.property(gen, ([model, domain]) => {
        const answers = new BatchAnswers(model, { recipient: '', origin: { kind: 'internet' } }, false);
        for (let i = 0; i < 30; i++) {
          const recipient = `Unknown.User-${i}@${domain}`;
          expect(answers.line(recipient)).toBe(fullLine(model, { recipient, origin: { kind: 'internet' } }));
        }
        filled += answers.filled;
      }),
      params(200),
    );
    expect(filled).toBeGreaterThan(200 * 20);
  });
});
