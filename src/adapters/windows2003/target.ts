// The windows2003 target as the model declares it: its id and its options schema, checked when the model
// loads (model/target-kinds.ts; registered by src/adapters/registry.ts).
import * as z from 'zod';
import { declareTargetKind } from '../../model/target-kinds.js';
import { parseDomain } from '../../model/net.js';

/** windows2003: the known names only (strict); the AD domain as a DNS name, the users' container as a DN. */
const windows2003Options = () =>
  z.strictObject({
    adDomain: z
      .string()
      .refine((v) => parseDomain(v).ok, "must be the Active Directory domain's DNS name, e.g. northwindtraders.com")
      .optional(),
    // No , = ; < > " or backslash inside a value: the DN goes into an ADSI search (<LDAP://...>;filter;attrs;scope).
    usersContainer: z
      .string()
      .regex(
        /^$|^(?:OU|CN|DC)=[^,=;<>"\\]+(?:,(?:OU|CN|DC)=[^,=;<>"\\]+)*$/i,
        'must be a distinguished name such as OU=POP3 Users,DC=northwindtraders,DC=com',
      )
      .optional(),
  });

/** Its options schema is built on first use (a model check with targets), not at every start. */
export const windows2003Target = declareTargetKind('windows2003', windows2003Options);
