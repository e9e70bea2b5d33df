import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertBadInput, nabla } from './helpers.ts';

for (const args of [[], ['--sizes', '4,5,3'], ['--sizes', '1,1'], ['--sizes', '3,1,2', '--seed', '42'], ['--sizes', '2,1,1,1'], ['--sizes', '6,12,8,10,4', '--seed', '3']]) {
  test(`nabla gradcheck ${args.join(' ')} passes with exit status 0`, () => {
    const run = nabla(['gradcheck', ...args]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.stderr, '');
    const sizes = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '4,5,3';
    assert.match(run.stdout, new RegExp(`network ${sizes}, seed \\d+: \\d+ parameters checked`));
    const m = /largest relative error (\S+) at ∂C\/∂([wb])\^(\d+)_\S+ \(backprop \S+, finite difference \S+\)/.exec(run.stdout);
    assert.ok(m, run.stdout);
    assert.ok(Number(m[1]) <= 1e-6);
    assert.ok(Number(m[3]) >= 2 && Number(m[3]) <= sizes.split(',').length, 'names a layer 2..L');
    assert.match(run.stdout, /passed: within 1e-6/);
  });
}

test('nabla gradcheck counts every weight and bias of 4,5,3: 5·4 + 5 + 3·5 + 3 = 43', () => {
  assert.match(nabla(['gradcheck']).stdout, /43 parameters checked/);
});

test('nabla gradcheck refuses bad flags with one line and exit status 2', () => {
  assertBadInput(nabla(['gradcheck', '--sizes', '4']), /--sizes expects at least two positive whole numbers/);
  assertBadInput(nabla(['gradcheck', '--seed', '-1']), /--seed expects a whole number ≥ 0, got '-1'/);
  assertBadInput(nabla(['gradcheck', '--tolerance', '1']), /unknown option '--tolerance'/);
});
