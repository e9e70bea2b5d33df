import { defineHyperParameter } from './updateRule.ts';

/** Hyper-parameters that more than one rule has, written once so that they cannot disagree. */

/** μ, the momentum of momentum and Nesterov: the velocity kept from one step to the next. */
export const MOMENTUM = defineHyperParameter({ name: 'momentum', symbol: 'μ', description: 'the momentum μ', tex: '\\mu', default: 0.9, range: 'unit', flag: true });

/** ε, added to √v before dividing (Adam, RMSprop): keeps a step finite where v is 0. */
export const EPSILON = defineHyperParameter({ name: 'epsilon', symbol: 'ε', description: 'ε', tex: '\\varepsilon', default: 1e-8, range: 'positive', flag: false });
