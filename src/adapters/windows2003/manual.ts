// The seed's steps the windows2003 scripts do not do, as numbered manual steps in the runbook's words.
// The SMTP connector, the Exchange virtual server's relay settings and the Recipient Update Service live
// in objects (routing group Connections, protocolCfgSMTPServer via DS2MB, RUS) whose exact attributes
// could not be checked against Microsoft's documentation, so coexist does not write them blind; "password
// never expires" and the clients are left to the administrator too. Each step is printed in the script's
// header, echoed at its end, and listed under the plan.
import type { Model, TargetT } from '../../model/schema.js';
import { RELAY_ENTRY_LABELS, parseRelayEntry } from '../../model/relay-entry.js';
import { runbookSteps } from '../runbook/steps.js';
import { roleOf } from './plan.js';

export interface ManualStep {
  title: string;
  lines: string[];
}

const plain = (s: string) => s.replace(/\*\*/g, '').replace(/`/g, '');

function fromRunbook(model: Model, title: (t: string) => boolean): ManualStep[] {
  return runbookSteps(model)
    .filter((s) => title(s.title))
    .map((s) => ({ title: s.title, lines: s.en.map((l) => plain(typeof l === 'string' ? l : `Note: ${l.note}`)) }));
}

export function w2003ManualSteps(model: Model, target: TargetT): ManualStep[] {
  const out: ManualStep[] = [];
  if (roleOf(model, target) === 'exchange') {
    const ex = model.exchange.servers.find((s) => s.name === target.server)!;
    const first = model.exchange.servers[0]?.name === ex.name;
    for (const con of model.exchange.connectors) {
      if (!(con.bridgeheads.includes(ex.name) || (con.bridgeheads.length === 0 && first))) continue;
      out.push(...fromRunbook(model, (t) => t.startsWith(`Create the SMTP connector ${con.name} to `)));
    }
    for (const vs of ex.smtpVirtualServers) {
      const r = vs.relay;
      out.push({
        title: `Relay restrictions of ${vs.name} on ${ex.name}`,
        lines: [
          `In System Manager, expand Servers, ${ex.name}, Protocols, SMTP; right-click ${vs.name}, click Properties.`,
          `On the Access tab click Relay; select ${r.mode === 'only-list' ? 'Only the list below' : 'All except the list below'}.`,
          r.computers.length > 0
            ? `The list must hold exactly: ${r.computers.map(relayEntryText).join(', ')} (Add, then Single computer, Group of computers or Domain; Remove any other entry).`
            : 'The list must be empty.',
          `${r.allowAuthenticated ? 'Select' : 'Clear'} Allow all computers which successfully authenticate to relay, regardless of the list above; click OK twice.`,
        ],
      });
    }
    if (model.exchange.recipientPolicies.length > 0 || model.users.some((u) => u.kind === 'pop3' && u.externalAddress)) {
      out.push({
        title: 'Update the Recipient Update Service',
        lines: [
          'After this script, in System Manager expand Recipients, click Recipient Update Services.',
          'Right-click the Recipient Update Service of the domain that holds the POP3 users, click Update Now (or right-click each recipient policy changed here and click Apply this policy now).',
          'Then check on a POP3 user (Active Directory Users and Computers, E-mail Addresses tab) that the shared-domain address was added.',
        ],
      });
    }
    for (const cl of model.clients) {
      if (cl.outgoing.server !== ex.fqdn) continue;
      out.push(...fromRunbook(model, (t) => t === `Configure ${cl.program} for ${cl.user} to send through ${cl.outgoing.server}`));
    }
    return out;
  }
  const s = model.pop3.servers.find((p) => p.name === target.server)!;
  const os = s.smtp.outboundSecurity;
  if (os.mode !== 'anonymous' && os.account && os.passwordNeverExpires) {
    out.push({
      title: `Password never expires for ${os.account}`,
      lines: [
        `On a domain controller, open Active Directory Users and Computers and find the account ${os.account}.`,
        'Open its Properties, Account tab; under Account options select Password never expires; click OK.',
        `Without it, ${s.name} stops sending to Exchange when the password expires.`,
      ],
    });
  }
  for (const cl of model.clients) {
    if (cl.outgoing.server !== s.fqdn) continue;
    out.push(...fromRunbook(model, (t) => t === `Configure ${cl.program} for ${cl.user} to send through ${cl.outgoing.server}`));
  }
  return out;
}

/** "Manual step 1: title" then the step's lines, numbered, for headers and plans. */
export function manualStepLines(steps: ManualStep[]): string[] {
  return steps.flatMap((s, i) => [`Manual step ${i + 1}: ${s.title}`, ...s.lines.map((l, j) => `  ${i + 1}.${j + 1} ${l}`)]);
}

/** "Single computer 10.0.0.20", "Group of computers 10.0.0.0/24", "Domain northwindtraders.com": what to pick in ESM's Computer dialog. */
function relayEntryText(entry: string): string {
  const p = parseRelayEntry(entry);
  return p.ok ? `${RELAY_ENTRY_LABELS[p.value.kind]} ${p.value.text}` : entry;
}
