/**
 * Model-based test of crediting, certificates and the till, part 3 of 4 (see ledger.model.ts and
 * docs/reliability.md). MODEL_RUNS sets the total over the four files.
 */
import test from 'ava';
import { registerModelTests } from './ledger.model';

registerModelTests(test, { part: 3, parts: 4 });
