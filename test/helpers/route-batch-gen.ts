// Generators for route --batch's property tests (route-answers and route-table): options, local parts and
// batches of recipients over a generated model, and the lines the full simulation gives.
import fc from 'fast-check';
import { simulate } from '../../src/model/routing/simulate.js';
import type { Message } from '../../src/model/routing/types.js';
import type { Model } from '../../src/model/schema.js';
import { hostileText, lookAlike, PAYLOADS } from '../hardening/hostile.js';
import { localDomains } from '../hardening/models.js';

export type Options = Omit<Message, 'recipient'>;

export const options = (model: Model): fc.Arbitrary<Options> => {
  const servers = [...model.exchange.servers, ...model.pop3.servers].map((s) => s.name);
  return fc.record({
    origin: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'internet' as const }) },
      fc.constantFrom(...model.users.map((u) => u.logon), 'nobody').map((logon) => ({ kind: 'user' as const, logon })),
      fc.constantFrom(...servers, 'NOPE').map((name) => ({ kind: 'server' as const, name })),
    ),
    via: fc.option(fc.constantFrom(...servers, 'nowhere'), { nil: undefined, freq: 3 }),
    clientIp: fc.option(fc.constantFrom('192.0.2.10', '10.0.0.20', '10.0.0.10', '198.51.100.7'), { nil: undefined, freq: 3 }),
    authenticated: fc.option(fc.boolean(), { nil: undefined }),
  });
};

/** Local parts: the model's logons and mailboxes in any case, unknown ones, and the shapes that are not plain. */
export const locals = (model: Model): fc.Arbitrary<string> => {
  const own = [...model.users.map((u) => u.logon), ...model.pop3.servers.flatMap((s) => s.domains.flatMap((d) => d.mailboxes))];
  const plainLocal = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._+-]{0,10}[a-zA-Z0-9]$/);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...own, 'postmaster', 'nobody', 'Zq9x-Kw7v.Pb') },
    { weight: 2, arbitrary: fc.constantFrom(...own).map((l) => l.toUpperCase()) },
    { weight: 4, arbitrary: plainLocal },
    fc.constantFrom('"q u"', '"a@b"', 'x%y', 'a!b', '-lead', 'a..b', 'K\u212Aim', 'pöst', 'x'.repeat(65)),
    hostileText(6),
  );
};

/** A batch: many recipients over one to three domains (so that domains repeat with many local parts). */
export const recipients = (model: Model): fc.Arbitrary<string[]> => {
  const own = localDomains(model);
  const external = model.users.map((u) => u.externalAddress).filter((a): a is string => a !== undefined);
  const anyDomain = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    { weight: 2, arbitrary: fc.constantFrom('example.org', 'Example.ORG', 'partner.example', 'sub.partner.example', 'example.org.') },
    fc.constantFrom('[10.0.0.10]', '[192.0.2.5]', '[IPv6:2001:db8::1]', 'bücher.example', 'xn--bcher-kva.example'),
    fc.constantFrom(...own).chain(lookAlike),
  );
  return fc.array(anyDomain, { minLength: 1, maxLength: 3 }).chain((domains) => {
    const domain = fc.constantFrom(...domains);
    const one = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(locals(model), domain).map(([l, d]) => `${l}@${d}`) },
      fc.tuple(locals(model), domain, domain).map(([l, d, via]) => `${l}%${d}@${via}`),
      fc.tuple(locals(model), domain, domain).map(([l, d, via]) => `@${via}:${l}@${d}`),
      fc.tuple(locals(model), domain).map(([l, d]) => `${d}!${l}`),
      fc.tuple(locals(model), domain).map(([l, d]) => `<${l}@${d}>`),
      fc.constantFrom(...(external.length > 0 ? external : ['x@example.org']), 'postmaster'),
      hostileText(12),
      fc.constantFrom(...PAYLOADS),
    );
    return fc.array(one, { minLength: 1, maxLength: 40 });
  });
};

export const fullLine = (model: Model, message: Message): string => {
  const { finalRecipient, verdict } = simulate(model, message);
  return JSON.stringify({ recipient: message.recipient, finalRecipient, verdict }).slice(1);
};

export const tracedLine = (model: Model, message: Message): string => {
  const { finalRecipient, verdict, routed, tricks, steps } = simulate(model, message);
  return JSON.stringify({ recipient: message.recipient, finalRecipient, verdict, routed, tricks, steps }).slice(1);
};
