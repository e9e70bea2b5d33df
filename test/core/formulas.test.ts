import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sigmoid, sigmoidPrime } from '../../src/math/activations/index.ts';
import { quadraticCost } from '../../src/math/costs/index.ts';
import { backprop } from '../../src/network/backprop.ts';
import { feedforward } from '../../src/network/feedforward.ts';
import { zeroNetwork } from '../../src/network/network.ts';

/**
 * Formulas 1–7 of FORMULAS.md, each checked on a 2-2-1 network small enough to follow by
 * hand. Weights are chosen so that z^2 comes out as whole numbers:
 *
 *   x = a^1 = [1, 0.5]
 *   w^2 = [[0.5, −1], [1, 2]],  b^2 = [0, −1]
 *   w^3 = [[1, −2]],            b^3 = [0.5]
 *   y = [1]
 *
 * The literals below were computed once in float64 (Python) from exactly the arithmetic in
 * the comments; σ(1) = 1 / (1 + e^{−1}) = 0.7310585786300049.
 */
const x = [1, 0.5];
const y = [1];

// (1) z^2 = w^2 a^1 + b^2 = [0.5·1 − 1·0.5 + 0, 1·1 + 2·0.5 − 1] = [0, 1]
const z2 = [0, 1];
// (1) a^2 = σ(z^2) = [σ(0), σ(1)] = [0.5, 0.7310585786300049]
const a2 = [0.5, 0.7310585786300049];
// (1) z^3 = w^3 a^2 + b^3 = 1·0.5 − 2·0.7310585786300049 + 0.5 = −0.4621171572600098
const z3 = [-0.4621171572600098];
// (1) a^3 = σ(−0.4621171572600098)
const a3 = [0.38648369564127283];
// (2) C = ½ (1 − 0.38648369564127283)²
const C = 0.18820112785699517;
// σ'(z^3) = a^3 (1 − a^3) = 0.38648369564127283 · 0.61351630435872717
const sigmaPrimeZ3 = 0.2371140486447368;
// (4) δ^3 = (a^3 − y) σ'(z^3) = (0.38648369564127283 − 1) · 0.2371140486447368
const delta3 = [-0.1454733348360544];
// σ'(z^2) = [0.5·0.5, 0.7310585786300049·0.2689414213699951] = [0.25, 0.19661193324148185]
// (5) δ^2 = (w^3)^T δ^3 ⊙ σ'(z^2) = [1·δ^3·0.25, −2·δ^3·0.19661193324148185]
const delta2 = [-0.0363683337090136, 0.05720358719440413];
// (7) ∂C/∂w^3 = δ^3 (a^2)^T = [[δ^3·0.5, δ^3·0.7310585786300049]]
const nablaW3 = [-0.0727366674180272, -0.1063495293938127];
// (7) ∂C/∂w^2 = δ^2 (a^1)^T = [[δ^2_0·1, δ^2_0·0.5], [δ^2_1·1, δ^2_1·0.5]]  (row-major)
const nablaW2 = [-0.0363683337090136, -0.0181841668545068, 0.05720358719440413, 0.028601793597202066];

function handNetwork() {
  const network = zeroNetwork([2, 2, 1]);
  network.weights[2].set([0.5, -1, 1, 2]);
  network.biases[2].set([0, -1]);
  network.weights[3].set([1, -2]);
  network.biases[3].set([0.5]);
  return network;
}

function assertClose(actual: ArrayLike<number>, expected: readonly number[], what: string, tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])), `${what}[${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
}

const trace = backprop(handNetwork(), x, y);

test('(1) feedforward: z^l = w^l a^{l-1} + b^l and a^l = σ(z^l), layer by layer', () => {
  assertClose(trace.activations[1], x, 'a^1');
  assertClose(trace.zs[2], z2, 'z^2');
  assertClose(trace.activations[2], a2, 'a^2');
  assertClose(trace.zs[3], z3, 'z^3');
  assertClose(trace.activations[3], a3, 'a^3');
  assertClose(feedforward(handNetwork(), x), a3, 'feedforward a^L');
});

test('(2) cost: C = ½‖y − a^L‖²', () => {
  assertClose([trace.cost], [C], 'C');
  assertClose([quadraticCost.fn(a3, y)], [C], 'quadraticCost.fn');
});

test("(3) δ^l_j = ∂C/∂z^l_j: δ is the slope of the cost in z (checked by nudging z^3 and z^2)", () => {
  // C as a function of z^3 directly, and of z^2 through layer 3.
  const h = 1e-5;
  const costOfZ3 = (z: number) => 0.5 * (y[0] - sigmoid(z)) ** 2;
  const costOfZ2 = (j: number, dz: number) => {
    const a = z2.map((z, i) => sigmoid(i === j ? z + dz : z));
    return costOfZ3(1 * a[0] - 2 * a[1] + 0.5);
  };
  assertClose([(costOfZ3(z3[0] + h) - costOfZ3(z3[0] - h)) / (2 * h)], delta3, 'dC/dz^3', 1e-9);
  for (let j = 0; j < 2; j++) assertClose([(costOfZ2(j, h) - costOfZ2(j, -h)) / (2 * h)], [delta2[j]], `dC/dz^2_${j}`, 1e-9);
});

test("(4) output error: δ^L = (a^L − y) ⊙ σ'(z^L)", () => {
  assertClose([sigmoidPrime(z3[0])], [sigmaPrimeZ3], "σ'(z^3)");
  assertClose(trace.deltas[3], delta3, 'δ^3');
});

test("(5) hidden error: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)", () => {
  assertClose(trace.deltas[2], delta2, 'δ^2');
});

test('(6) ∂C/∂b^l = δ^l', () => {
  assertClose(trace.nablaB[3], delta3, '∂C/∂b^3');
  assertClose(trace.nablaB[2], delta2, '∂C/∂b^2');
});

test('(7) ∂C/∂w^l = δ^l (a^{l-1})^T, row-major like w^l', () => {
  assertClose(trace.nablaW[3], nablaW3, '∂C/∂w^3');
  assertClose(trace.nablaW[2], nablaW2, '∂C/∂w^2');
});

test('σ(±1000) is 1 and 0, never NaN; σ\' there is 0', () => {
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  assert.equal(sigmoidPrime(1000), 0);
  assert.equal(sigmoidPrime(-1000), 0);
  for (const z of [-Infinity, -1e308, -745, -40, 0, 40, 745, 1e308, Infinity]) {
    assert.ok(!Number.isNaN(sigmoid(z)) && !Number.isNaN(sigmoidPrime(z)), `σ(${z})`);
  }
  assert.equal(sigmoid(0), 0.5);
});
