#!/usr/bin/env python3
"""Prints the README's speed tables from bench/results.json and bench/browser-results.json
(written by `npm run bench`), so the README quotes exactly what the bench measured."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
bench = json.loads((root / 'bench/results.json').read_text())
browser = json.loads((root / 'bench/browser-results.json').read_text())
m = bench['machine']
print(f"Measured by `npm run bench` on {m['cpu']}, {m['cores']} cores, Node {m['node']}, {m['date'][:10]} "
      f"(load average {m['loadAverageAtStart']:.2f} at start). All pairs in one process, taking turns "
      "by fifths of an epoch; the median of 7 epochs after a warm-up (the reference kernel: one). "
      "GFLOP/s count the dense FLOPs of the result (the WebAssembly kernels skip the zero pixels, "
      "81% of MNIST's, so these are effective rates); peak RSS of each pair alone in a fresh process.\n")
print('| workload | kernel | s / epoch | examples/s | GFLOP/s | × reference | inference 10k ms | peak RSS MB |')
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
# (JSON has no NaN: a row with no reference kernel, issue 11's configurations, has null)
plain = [r for r in bench['rows'] if r.get('speedupVsReference') is not None]
configured = [r for r in bench['rows'] if r.get('speedupVsReference') is None]
for r in plain:
    print(f"| {r['workload']} | {r['kernel']} | {r['epochSeconds']:.3f} | {r['examplesPerSecond']:,.0f} | {r['gflops']:.1f} | "
          f"{r['speedupVsReference']:.1f} | {r['inferenceMs']:.1f} | {r['peakRssMB']:.0f} |")
if configured:
    print("\nIn the same run, the networks of issue 11 ([784, 100, 10], m = 10, float32, each epoch over the "
          "sigmoid / quadratic / SGD epoch of the same kernel: \"× base\"), and the README's recipe network:\n")
    print('| workload | kernel | s / epoch | × base | test accuracy after the epochs | peak RSS MB |')
    print('| --- | --- | ---: | ---: | ---: | ---: |')
    for r in configured:
        base = '–' if r.get('timesBase') is None else f"{r['timesBase']:.2f}×"
        print(f"| {r['workload']} | {r['kernel']} | {r['epochSeconds']:.3f} | {base} | {100 * r['testAccuracy']:.2f}% | {r['peakRssMB']:.0f} |")
b = browser['machine']
print(f"\nThe same kernels in Chromium {b.get('chromium', '')} and in Node, side by side in one run of "
      "`npm run bench:browser` ([784, 30, 10], m = 10, float32; ratio = Chromium / Node):\n")
print('| kernel | Node s / epoch | Chromium s / epoch | ratio | Node inference ms | Chromium inference ms |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
for r in browser['rows']:
    print(f"| {r['kernel']} | {r['node']['epochSeconds']:.3f} | {r['chromium']['epochSeconds']:.3f} | {r['epochRatio']:.2f}× | "
          f"{r['node']['inferenceMs']:.1f} | {r['chromium']['inferenceMs']:.1f} |")
