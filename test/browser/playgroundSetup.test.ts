import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlOf, scheduleOf, specOf } from '../../playground/src/spec.ts';
import { activationOfList, defaultSetup, hiddenActivations, parseSetup, setupQuery, type Setup } from '../../playground/src/state.ts';
import { normalizeSpec } from '../../src/kernels/spec.ts';

/**
 * The playground's URL contract and its setup checks, in Node (no browser): the parameters
 * issue 13 fixed keep their meaning, the new ones (named as `nabla train`'s flags) round-trip,
 * and a setup the library refuses is refused with the library's message.
 */
test('the original URL parameters parse as before, the new ones at their defaults', () => {
  const { setup, notes } = parseSetup('?dataset=spiral&noise=10&sizes=2,16,16,1&activation=tanh&eta=0.5&batch=20&seed=7&autoplay=1');
  assert.deepEqual(notes, []);
  assert.deepEqual(
    { ...setup },
    { ...defaultSetup('spiral'), noise: 10, sizes: [2, 16, 16, 1], activation: 'tanh', eta: 0.5, batch: 20, seed: 7, autoplay: true },
  );
  assert.deepEqual([setup.output, setup.cost, setup.optimizer, setup.weights, setup.l2, setup.l1, setup.dropout], ['sigmoid', 'quadratic', 'sgd', 'scaled-normal', 0, 0, 0]);
});

test('output and cost pair as nabla train pairs them when only one is given', () => {
  const softmax = parseSetup('?dataset=circle&output=softmax').setup;
  assert.deepEqual([softmax.output, softmax.cost, softmax.sizes.at(-1)], ['softmax', 'log-likelihood', 2], 'a softmax over a 2-D set gets one output per class');
  const ll = parseSetup('?dataset=xor&cost=log-likelihood&sizes=2,4,1');
  assert.deepEqual([ll.setup.output, ll.setup.sizes.at(-1)], ['softmax', 2]);
  assert.match(ll.notes.join(), /softmax output layer needs one per class; using 2/);
  const ce = parseSetup('?cost=cross-entropy').setup;
  assert.deepEqual([ce.output, ce.cost], ['sigmoid', 'cross-entropy']);
  // Both given: kept as written, even when they do not pair (the page then says why).
  const both = parseSetup('?output=softmax&cost=quadratic');
  assert.deepEqual([both.setup.output, both.setup.cost, both.notes], ['softmax', 'quadratic', []]);
});

test('every setting round-trips through the URL', () => {
  const setup: Setup = {
    ...defaultSetup('gauss'),
    noise: 20,
    sizes: [2, 5, 3, 2],
    activation: 'leaky-relu',
    output: 'softmax',
    cost: 'log-likelihood',
    weights: 'he',
    optimizer: 'adam',
    beta1: 0.8,
    beta2: 0.99,
    l2: 0.5,
    l1: 0.25,
    dropout: 0.2,
    schedule: 'step:10:0.5',
    eta: 0.01,
    batch: 7,
    seed: 3,
    ratio: 70,
    speed: Infinity,
  };
  const query = setupQuery(setup);
  const back = parseSetup(`?${query}`);
  assert.deepEqual(back.notes, []);
  assert.deepEqual(back.setup, setup);
  const momentum = { ...defaultSetup(), optimizer: 'nesterov', momentum: 0.5 };
  assert.deepEqual(parseSetup(`?${setupQuery(momentum)}`).setup, momentum);
  // Defaults stay out of links: the old links are still what the page writes.
  assert.equal(setupQuery(defaultSetup()), 'dataset=circle&sizes=2%2C8%2C8%2C1&eta=3&batch=10&seed=1');
});

test('a hyper-parameter of another optimizer is ignored with a note; values the library checks are kept for it to check', () => {
  const { setup, notes } = parseSetup('?optimizer=sgd&momentum=0.5&beta1=0.3');
  assert.deepEqual([setup.momentum, setup.beta1], [0.9, 0.9]);
  assert.equal(notes.length, 2);
  assert.match(notes[0], /momentum is μ of the momentum and nesterov optimizers, and the optimizer is sgd/);
  assert.equal(parseSetup('?optimizer=momentum&momentum=1.5').setup.momentum, 1.5);
  assert.match(parseSetup('?l2=lots').notes[0], /l2=lots is not a number; using 0/);
});

test('specOf: the library’s spec for a setup, or the library’s message for one it refuses', () => {
  const adam = specOf({ ...defaultSetup(), optimizer: 'adam', beta2: 0.99, l2: 0.1, dropout: 0.3, cost: 'cross-entropy' }, [2, 8, 1], 'float64');
  assert.deepEqual(adam, {
    sizes: [2, 8, 1],
    activations: ['sigmoid', 'sigmoid'],
    cost: 'cross-entropy',
    dtype: 'float64',
    update: { rule: 'adam', beta1: 0.9, beta2: 0.99, l2: 0.1 },
    dropout: 0.3,
  });
  assert.equal(specOf(defaultSetup(), [2, 8, 1], 'float64').update, undefined, 'plain SGD keeps the kernels’ plain path');

  let library = '';
  try {
    normalizeSpec({ sizes: [2, 8, 2], activations: ['sigmoid', 'softmax'], cost: 'quadratic', dtype: 'float64' });
  } catch (error) {
    library = (error as Error).message;
  }
  assert.notEqual(library, '');
  assert.throws(() => specOf({ ...defaultSetup(), output: 'softmax', cost: 'quadratic' }, [2, 8, 2], 'float64'), (error: Error) => error.message.startsWith(library));
  assert.throws(() => specOf({ ...defaultSetup(), optimizer: 'momentum', momentum: 1 }, [2, 8, 1], 'float64'), { message: 'the momentum μ must be in [0, 1), got 1' });
  assert.throws(() => specOf({ ...defaultSetup(), dropout: 1 }, [2, 8, 1], 'float64'), { message: 'the dropout probability p must be in [0, 1), got 1' });
  assert.throws(() => specOf({ ...defaultSetup(), dropout: 0.5 }, [2, 1], 'float64'), /no hidden layer/);
  assert.throws(() => specOf({ ...defaultSetup(), output: 'softmax', cost: 'log-likelihood' }, [3, 4, 1], 'float64'), /softmax output layer needs one neuron per class, at least 2/);
});

test('scheduleOf: the library parses the η schedule; plateau, which needs a validation set, is refused', () => {
  assert.equal(scheduleOf(defaultSetup()), undefined);
  assert.deepEqual(scheduleOf({ ...defaultSetup(), schedule: 'step:10:0.5' }), { kind: 'step', epochs: 10, factor: 0.5 });
  assert.deepEqual(scheduleOf({ ...defaultSetup(), schedule: 'exp:0.9' }), { kind: 'exp', factor: 0.9 });
  assert.throws(() => scheduleOf({ ...defaultSetup(), schedule: 'step:0:0.5' }), /schedule 'step:0:0.5' is not one of step:EPOCHS:FACTOR/);
  assert.throws(() => scheduleOf({ ...defaultSetup(), schedule: 'plateau:5' }), /plateau needs a validation score/);
  assert.equal(parseSetup('?schedule=exp:0.95').setup.schedule, 'exp:0.95');
});

test('activation: one name for every hidden layer, or a list, one per hidden layer, as nabla train --activation takes it', () => {
  const { setup, notes } = parseSetup('?sizes=2,8,6,1&activation=relu,tanh');
  assert.deepEqual(notes, []);
  assert.equal(setup.activation, 'relu,tanh');
  assert.deepEqual(specOf(setup, setup.sizes, 'float64').activations, ['relu', 'tanh', 'sigmoid']);
  assert.deepEqual(parseSetup(`?${setupQuery(setup)}`).setup, setup, 'the list round-trips through the link');
  assert.deepEqual(specOf({ ...setup, activation: 'tanh' }, [2, 8, 6, 1], 'float64').activations, ['tanh', 'tanh', 'sigmoid']);
  assert.throws(() => specOf({ ...setup, activation: 'relu,tanh,relu' }, [2, 8, 6, 1], 'float64'), {
    message: 'activation lists 3 activations; the network has 2 hidden layers: give one name for all of them or one per hidden layer',
  });
  const unknown = parseSetup('?sizes=2,8,6,1&activation=relu,swish');
  assert.equal(unknown.setup.activation, 'relu,sigmoid');
  assert.match(unknown.notes[0], /swish/);
  assert.deepEqual([hiddenActivations('relu', 3), hiddenActivations('relu,tanh', 2), hiddenActivations('relu,tanh', 3)], [['relu', 'relu', 'relu'], ['relu', 'tanh'], undefined]);
  assert.deepEqual([activationOfList(['tanh', 'tanh'], 'x'), activationOfList(['relu', 'tanh'], 'x'), activationOfList([], 'x')], ['tanh', 'relu,tanh', 'x']);
});

test('controlOf: each refusal names the control to change, from the library’s words', () => {
  const refusal = (patch: Partial<Setup>, sizes = [2, 8, 1]): string | undefined => {
    try {
      specOf({ ...defaultSetup('circle'), ...patch }, sizes, 'float64');
    } catch (error) {
      return controlOf((error as Error).message);
    }
    return 'accepted';
  };
  assert.equal(refusal({ output: 'softmax', cost: 'quadratic' }, [2, 8, 2]), 'cost');
  assert.equal(refusal({ output: 'softmax', cost: 'log-likelihood' }), 'output');
  assert.equal(refusal({ optimizer: 'momentum', momentum: 1.5 }), 'momentum');
  assert.equal(refusal({ optimizer: 'adam', beta1: -1 }), 'beta1');
  assert.equal(refusal({ optimizer: 'adam', beta2: 1 }), 'beta2');
  assert.equal(refusal({ l2: -1 }), 'l2');
  assert.equal(refusal({ l1: -1 }), 'l1');
  assert.equal(refusal({ dropout: 1 }), 'dropout');
  assert.equal(refusal({ activation: 'relu,tanh' }), 'activation');
  assert.equal(refusal({}), 'accepted');
  let schedule = '';
  try {
    scheduleOf({ ...defaultSetup('circle'), schedule: 'plateau' });
  } catch (error) {
    schedule = (error as Error).message;
  }
  assert.equal(controlOf(schedule), 'schedule');
});
