// The model file's contract (version 1): one zod schema per entity of the seed, named after the
// English labels of Exchange System Manager, IIS Manager and Outlook Express.
import * as z from 'zod';
import { parseDomain, parseDomainPattern, parseIP, parseSmartHost } from './net.js';
import { parseRelayEntry } from './relay-entry.js';
import { targetKind, targetKindIds } from './target-kinds.js';

/**
 * Text that changes how a terminal or a script reads what follows: C0 and C1 controls, DEL, the Unicode line
 * and paragraph separators, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069: "Trojan Source").
 */
export const READ_CHANGING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
const NO_CONTROL_MESSAGE =
  'must not contain line breaks or control characters (nor U+0080-U+009F, U+2028/U+2029 or text-direction overrides)';

/** A compatibility character that NFKC folds into plain ASCII (the Kelvin sign, full-width letters, ligatures, no-break space). */
export function asciiLookAlike(s: string): string | undefined {
  for (const c of s) {
    if (c.charCodeAt(0) < 0x80) continue;
    if (/[\x20-\x7e]/.test(c.normalize('NFKC'))) {
      return `contains "${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which reads as "${c.normalize('NFKC')}": type the plain character`;
    }
  }
  return undefined;
}

/** Free text shown in the console (names, display names): no control characters, no line breaks, no look-alikes. */
export const Text = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'is longer than 256 characters')
  .regex(NO_CONTROL, NO_CONTROL_MESSAGE)
  .superRefine((s, ctx) => {
    const problem = asciiLookAlike(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Server names (NetBIOS-style computer names such as EX01). */
export const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
export const ServerName = z.string().regex(SERVER_NAME, 'must be a computer name: letters, digits and hyphens, e.g. EX01');

/** Logon names (sAMAccountName): no spaces, quotes or control characters. */
export const LOGON = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
export const Logon = z.string().regex(LOGON, 'must be a logon name of up to 20 letters, digits, ".", "_" or "-"');

const refineWith = <T>(parse: (s: string) => { ok: true; value: T } | { ok: false; error: string }) =>
  z.string().transform((s, ctx) => {
    const r = parse(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.value;
  });

export const Domain = refineWith((s) => {
  const r = parseDomain(s);
  return r.ok ? r : { ok: false as const, error: `"${s}" ${r.error}` };
});
export const IP = refineWith(parseIP);
/** Relay Restrictions > Add: "Single computer" (an IP), "Group of computers" (IP/prefix) or "Domain" (a domain name). */
export const RelayEntry = refineWith((s) => {
  const r = parseRelayEntry(s);
  return r.ok ? { ok: true as const, value: r.value.text } : r;
});
export const SmartHostText = refineWith((s) => {
  const r = parseSmartHost(s);
  return r.ok ? { ok: true as const, value: r.value.text } : r;
});
export const DomainPattern = refineWith(parseDomainPattern);

/** "@domain" as a recipient policy address (the SMTP address template). */
export const PolicyAddressText = refineWith((s) => {
  if (!s.startsWith('@')) return { ok: false as const, error: `"${s}" must be an SMTP address template of the form @domain` };
  const d = parseDomain(s.slice(1));
  return d.ok ? { ok: true as const, value: `@${d.value}` } : { ok: false as const, error: `"${s}" ${d.error}` };
});

/** A full mailbox address (local@domain) such as an external (target) address, as the model keeps it. */
export function parseMailAddress(s: string): { ok: true; value: string } | { ok: false; error: string } {
  // A UTF-16 code unit is at most 3 octets of UTF-8: a short text needs no counting.
  if (s.length * 3 > 254 && Buffer.byteLength(s, 'utf8') > 254)
    return {
      ok: false as const,
      error: `is ${Buffer.byteLength(s, 'utf8')} octets long; an address may have at most 254 (RFC 5321 4.5.3.1.3)`,
    };
  const at = s.lastIndexOf('@');
  if (at <= 0) return { ok: false as const, error: `"${s}" must be an address of the form user@domain` };
  const local = s.slice(0, at);
  if (
    !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..') ||
    local.startsWith('-')
  ) {
    return { ok: false as const, error: `"${s}" has an invalid local part "${local}"` };
  }
  const d = parseDomain(s.slice(at + 1));
  return d.ok ? { ok: true as const, value: `${local}@${d.value}` } : { ok: false as const, error: `"${s}" ${d.error}` };
}
export const MailAddress = refineWith(parseMailAddress);

/** A reference to a secret held outside the model: an environment variable or an OS keyring entry. */
export const SecretRef = z
  .string()
  .regex(
    /^(env:[A-Z_][A-Z0-9_]{0,63}|keyring:[A-Za-z0-9._-]{1,64})$/,
    'must name a secret as env:VARIABLE or keyring:NAME (secrets are never stored in the model)',
  );

const HopCount = (fallback: number) =>
  z.number().int('must be a whole number').min(10, 'must be at least 10').max(256, 'must be at most 256').default(fallback);

export const RelayRestrictions = z.strictObject({
  /** "Only the list below" or "All except the list below". */
  mode: z.enum(['only-list', 'all-except-list']).default('only-list'),
  /** Single computers (IP), groups of computers (IP/prefix) and domains (a domain name: matched by reverse DNS). */
  computers: z.array(RelayEntry).default([]),
  /** "Allow all computers which successfully authenticate to relay, regardless of the list above". */
  allowAuthenticated: z.boolean().default(true),
});

export const SmtpVirtualServer = z.strictObject({
  name: Text.default('Default SMTP Virtual Server'),
  relay: RelayRestrictions.prefault({}),
  /** Messages tab: "Forward all mail with unresolved recipients to host" (empty: not set). */
  forwardUnresolvedTo: SmartHostText.optional(),
});

export const ExchangeServer = z.strictObject({
  name: ServerName,
  fqdn: Domain,
  ip: IP,
  acceptsInternetMail: z.boolean().default(false),
  maxHopCount: HopCount(30),
  smtpVirtualServers: z
    .array(SmtpVirtualServer)
    .min(1, 'needs at least one SMTP virtual server')
    .default([{ name: 'Default SMTP Virtual Server', relay: { mode: 'only-list', computers: [], allowAuthenticated: true } }]),
});

export const PolicyAddress = z.strictObject({
  type: z.literal('SMTP').default('SMTP'),
  address: PolicyAddressText,
  primary: z.boolean().default(false),
  /** "This Exchange Organization is responsible for all mail delivery to this address". */
  responsible: z.boolean().default(true),
});

export const RecipientFilter = z.enum(['all', 'users-with-external-addresses', 'users-with-mailboxes']);

export const RecipientPolicy = z.strictObject({
  name: Text,
  priority: z.union([z.literal('lowest'), z.number().int().min(1, 'must be 1 or more').max(999)]),
  filter: RecipientFilter,
  addresses: z.array(PolicyAddress).min(1, 'needs at least one address'),
});

export const AddressSpace = z.strictObject({
  type: z.literal('SMTP').default('SMTP'),
  domain: DomainPattern,
  cost: z.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(1),
});

export const Connector = z.strictObject({
  name: Text,
  /** "Forward all mail through this connector to the following smart hosts"; empty means "Use DNS to route to each address space". */
  smartHosts: z.array(SmartHostText).default([]),
  /** Local bridgeheads: the Exchange servers that run this connector. */
  bridgeheads: z.array(ServerName).default([]),
  addressSpaces: z.array(AddressSpace).min(1, 'needs at least one address space'),
  /** "Allow messages to be relayed to these domains". */
  allowRelay: z.boolean().default(false),
});

export const OutboundSecurity = z.strictObject({
  /** Delivery > Outbound Security: Anonymous access, Basic authentication or Integrated Windows Authentication. */
  mode: z.enum(['anonymous', 'basic', 'integrated']).default('anonymous'),
  account: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,15}\\[A-Za-z0-9._-]{1,20}$|^[A-Za-z0-9._-]{1,64}@[A-Za-z0-9.-]{1,253}$/,
      'must be an account as DOMAIN\\user or user@domain',
    )
    .optional(),
  passwordNeverExpires: z.boolean().default(false),
  secret: SecretRef.optional(),
});

export const RemoteDomain = z.strictObject({
  name: DomainPattern,
  /** "Allow incoming mail to be relayed to this domain". */
  allowRelay: z.boolean().default(false),
  /** "Forward all mail to smart host" for this domain. */
  smartHost: SmartHostText.optional(),
});

export const Pop3Smtp = z.strictObject({
  relay: RelayRestrictions.prefault({}),
  /** The virtual server's own smart host (Delivery > Advanced). */
  smartHost: SmartHostText.optional(),
  /** Access > Authentication: clients must authenticate (Basic authentication offered, anonymous relay refused). */
  requireAuthentication: z.boolean().default(false),
  outboundSecurity: OutboundSecurity.prefault({}),
  remoteDomains: z.array(RemoteDomain).default([]),
});

export const Pop3Domain = z.strictObject({
  name: Domain,
  mailboxes: z.array(Logon).default([]),
});

export const Pop3Server = z.strictObject({
  name: ServerName,
  fqdn: Domain,
  ip: IP,
  maxHopCount: HopCount(15),
  /** POP3 Service > Authentication Method. */
  authentication: z.enum(['active-directory', 'local-windows-accounts', 'encrypted-password-file']).default('active-directory'),
  domains: z.array(Pop3Domain).default([]),
  smtp: Pop3Smtp.prefault({}),
});

export const User = z.strictObject({
  logon: Logon,
  displayName: Text,
  kind: z.enum(['pop3', 'exchange']),
  /** Exchange Tasks > Establish E-mail Address: the external (target) address of a mail-enabled user. */
  externalAddress: MailAddress.optional(),
  /** Exchange mailbox users: the server holding the mailbox. */
  mailboxServer: ServerName.optional(),
});

export const Client = z.strictObject({
  user: Logon,
  program: Text.default('Outlook Express'),
  emailAddress: MailAddress,
  incoming: z.strictObject({ protocol: z.literal('pop3').default('pop3'), server: Domain }),
  /** Outgoing mail (SMTP) and "My server requires authentication". */
  outgoing: z.strictObject({ server: Domain, requiresAuthentication: z.boolean().default(false) }),
});

export const Connection = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({
    kind: z.literal('ssh'),
    host: z
      .string()
      .regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, 'must be a host name or IP address')
      .refine((h) => !h.startsWith('-'), 'must not begin with "-" (ssh would read it as an option)'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a Unix user name'),
  }),
]);

/** As zod words a value outside an enum, the enum being the registered adapters. */
const unknownAdapter = () =>
  `Invalid option: expected one of ${targetKindIds()
    .map((k) => `"${k}"`)
    .join('|')}`;

export const Target = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and hyphens'),
    /** One of the registered adapters (target-kinds.ts: the adapter layer's registry declares them). */
    adapter: z.string({ error: () => unknownAdapter() }).superRefine((id, ctx) => {
      if (!targetKind(id)) ctx.addIssue({ code: 'custom', message: unknownAdapter() });
    }),
    /** The server of the model this target configures. */
    server: ServerName,
    /** postfix-dovecot: the role the Linux host plays. */
    role: z.enum(['pop3', 'gateway']).optional(),
    /** Where to reach it; omitted: kept in the per-user settings store. */
    connection: Connection.optional(),
    /** Adapter options (paths, prefixes) that are not secrets; numbers are kept as their decimal text. Checked per adapter (target-kinds.ts). */
    options: z
      .record(
        z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/),
        z.union(
          [z.string().max(1024).regex(NO_CONTROL, NO_CONTROL_MESSAGE), z.number().int().nonnegative().transform(String)],
          'must be text or a whole number',
        ),
      )
      .optional(),
  })
  .superRefine((t, ctx) => {
    const schema = targetKind(t.adapter)?.options;
    if (!schema || !t.options) return;
    const r = schema.safeParse(t.options);
    if (r.success) return;
    for (const issue of r.error.issues) {
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} for ${t.adapter} (known: ${Object.keys((schema as z.ZodObject).shape).join(', ')})`
          : issue.message;
      ctx.addIssue({ code: 'custom', path: ['options', ...issue.path], message });
    }
  });

export const ModelSchema = z.strictObject({
  version: z.literal(1, 'must be 1 (the only model version this coexist reads)'),
  organization: Text,
  scenario: z.enum(['shared-domain', 'separate-domains']),
  dns: z.strictObject({ mx: z.record(z.string(), ServerName).default({}) }).prefault({}),
  exchange: z
    .strictObject({
      servers: z.array(ExchangeServer).default([]),
      recipientPolicies: z.array(RecipientPolicy).default([]),
      connectors: z.array(Connector).default([]),
    })
    .prefault({}),
  pop3: z.strictObject({ servers: z.array(Pop3Server).default([]) }).prefault({}),
  users: z.array(User).default([]),
  clients: z.array(Client).default([]),
  targets: z.array(Target).default([]),
});

export type Model = z.output<typeof ModelSchema>;
export type ModelInput = z.input<typeof ModelSchema>;
export type ExchangeServerT = Model['exchange']['servers'][number];
export type Pop3ServerT = Model['pop3']['servers'][number];
export type RecipientPolicyT = Model['exchange']['recipientPolicies'][number];
export type ConnectorT = Model['exchange']['connectors'][number];
export type UserT = Model['users'][number];
export type ClientT = Model['clients'][number];
export type TargetT = Model['targets'][number];
export type RelayT = z.output<typeof RelayRestrictions>;
