import assert from 'node:assert/strict';
import { test } from 'node:test';
import { col, mat, row } from '../../playground/src/tex.ts';

/**
 * The stepper's TeX for vectors and matrices: a line of numbers cannot break, so a row longer
 * than four entries is written as a transposed column, and fits a phone's column.
 */
test('a short row side by side, a long one as a transposed column', () => {
  assert.equal(row([0.5, -1.25]), '\\begin{bmatrix}0.5&-1.25\\end{bmatrix}');
  assert.equal(row([1, 2, 3, 4, 5]), `${col([1, 2, 3, 4, 5])}^{T}`);
  assert.equal(col([1, 2, 3]), '\\begin{bmatrix}1\\\\2\\\\3\\end{bmatrix}');
  // A 1 × 8 weight matrix (the output layer of [2, 8, 1]) is its row, transposed.
  const w = [1, 2, 3, 4, 5, 6, 7, 8];
  assert.equal(mat(w, 1, 8, 'w^3'), `${col(w)}^{T}`);
  assert.equal(mat([1, 2, 3, 4], 2, 2, 'w'), '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}');
  assert.equal(mat(new Float64Array(56), 7, 8, 'w^2'), '\\underbrace{w^2}_{7\\times 8}');
});
