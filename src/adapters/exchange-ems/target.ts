// The exchange-ems target as the model declares it: its id and its options schema, checked when the model
// loads (model/target-kinds.ts; registered by src/adapters/registry.ts). options.ts reads the same values.
import * as z from 'zod';
import { declareTargetKind } from '../../model/target-kinds.js';

/** exchange-ems: the known names only (strict), each value checked as the adapter checks it when it renders. */
const exchangeEmsOptions = () =>
  z.strictObject({
    version: z.enum(['2010', '2013', '2016', '2019', 'SE'], 'must be one of 2010, 2013, 2016, 2019, SE').optional(),
    connectionUri: z
      .string()
      .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9/._-]*$/, 'must be an http(s) URL such as http://ex01.example.com/PowerShell/')
      .optional(),
    pwsh: z
      .string()
      .regex(/^[A-Za-z0-9/._:\\ -]+$/, 'must be the path of the pwsh executable')
      .refine((v) => !/^[-\u2013\u2014\u2015]/.test(v), 'must not begin with a dash')
      .optional(),
  });

/** Its options schema is built on first use (a model check with targets), not at every start. */
export const exchangeEmsTarget = declareTargetKind('exchange-ems', exchangeEmsOptions);
