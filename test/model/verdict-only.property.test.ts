// simulateVerdict (route --batch's verdict-only path) must give exactly simulate's verdict and final
// recipient: on models the schema accepts (mutated examples), from every kind of origin, for hostile,
// routed and look-alike recipients. A semantics change in the simulator that the fast path missed fails here.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, simulateVerdict } from '../../src/model/routing/simulate.js';
import type { Message } from '../../src/model/routing/types.js';
import type { Model } from '../../src/model/schema.js';
import { params } from '../hardening/fc-seed.js';
import { hostileText, longText, lookAlike, PAYLOADS } from '../hardening/hostile.js';
import { acceptedModel, localDomains } from '../hardening/models.js';

const origins = (model: Model) => {
  const servers = [...model.exchange.servers, ...model.pop3.servers].map((s) => s.name);
  return fc.record({
    origin: fc.oneof(
      fc.constant({ kind: 'internet' as const }),
      fc.constantFrom(...model.users.map((u) => u.logon), 'nobody').map((logon) => ({ kind: 'user' as const, logon })),
      fc.constantFrom(...servers, 'NOPE').map((name) => ({ kind: 'server' as const, name })),
    ),
    via: fc.option(fc.constantFrom(...servers, 'nowhere'), { nil: undefined }),
    clientIp: fc.option(fc.constantFrom('192.0.2.10', '10.0.0.20', '10.0.0.10', '198.51.100.7', '::1', 'not-an-ip'), { nil: undefined }),
    authenticated: fc.option(fc.boolean(), { nil: undefined }),
  });
};

/** Recipients that reach every branch: the model's own addresses, unknown users, foreign and routed ones, hostile text. */
const recipients = (model: Model): fc.Arbitrary<string> => {
  const locals = localDomains(model);
  const logons = model.users.map((u) => u.logon);
  const domain = fc.oneof(
    fc.constantFrom(...locals),
    fc.constantFrom('example.org', 'partner.example', '[10.0.0.10]', '[192.0.2.5]'),
    fc.constantFrom(...locals).chain(lookAlike),
  );
  const local = fc.oneof(fc.constantFrom(...logons, 'postmaster', 'no-such-user', '"q u"', 'x+y'), hostileText(6));
  return fc.oneof(
    fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`),
    fc.tuple(local, domain, domain).map(([l, d, via]) => `${l}%${d}@${via}`),
    fc.tuple(local, domain, domain).map(([l, d, via]) => `@${via}:${l}@${d}`),
    fc.tuple(local, domain).map(([l, d]) => `${d}!${l}`),
    hostileText(12),
    longText,
    fc.constantFrom(...PAYLOADS),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
};

describe('route --batch verdict-only path', () => {
  it("simulateVerdict equals simulate's verdict and final recipient", () => {
    const gen = acceptedModel(6).chain((g) =>
      fc.tuple(fc.constant(g.model), fc.array(fc.tuple(recipients(g.model), origins(g.model)), { minLength: 1, maxLength: 8 })),
    );
    fc.assert(
      fc.property(gen, ([model, cases]) => {
        for (const [recipient, o] of cases) {
          const message: Message = { recipient, ...o };
          const full = simulate(model, message);
          const fast = simulateVerdict(model, message);
          expect(fast).toEqual(
            full.finalRecipient === undefined ? { verdict: full.verdict } : { finalRecipient: full.finalRecipient, verdict: full.verdict },
          );
        }
      }),
      params(600),
    );
  });
});
