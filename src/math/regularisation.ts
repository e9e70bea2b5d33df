/**
 * The regularisation term r = ∂R/∂w that the update rules add to a weight's mean gradient,
 * for C = C₀ + (λ₂/2n) Σ w² + (λ₁/n) Σ |w|: r = (λ₂/n) w + (λ₁/n) sgn w (sgn 0 = 0).
 * Biases are not regularised (r = 0), as in network2.py. With λ₂ = λ₁ = 0 it returns an exact
 * 0, so an unregularised step is unchanged bit for bit.
 */
export function regularisationTerm(w: number, l2OverN: number, l1OverN: number): number {
  if (l2OverN === 0 && l1OverN === 0) return 0;
  return l2OverN * w + l1OverN * Math.sign(w);
}
