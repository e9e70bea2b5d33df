"""Best and final test and validation accuracy of runs saved as JSON lines, one file a run.

Reads the epoch lines of `nabla train --json` and of bench/reference/network2.py alike (both
have "epoch", "testAccuracy" and "validationAccuracy") and prints one Markdown table row per
file, then the mean over the files.

Usage: python3 bench/reference/summary.py RUN.jsonl [RUN.jsonl ...]
"""

import json
import sys


def best(epochs, key):
    """The highest accuracy and the first epoch that reached it."""
    top = max(e[key] for e in epochs)
    return top, next(e['epoch'] for e in epochs if e[key] == top)


def percent(x):
    return f'{100 * x:.2f}%'


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    print('| run | test best (epoch) | test final | validation best (epoch) | validation final |')
    print('| --- | ---: | ---: | ---: | ---: |')
    columns = []
    for path in paths:
        with open(path) as f:
            epochs = [json.loads(line) for line in f if line.strip()]
        if not epochs:
            print(f'{path}: no epochs', file=sys.stderr)
            sys.exit(2)
        test_best, test_at = best(epochs, 'testAccuracy')
        val_best, val_at = best(epochs, 'validationAccuracy')
        last = epochs[-1]
        columns.append((test_best, last['testAccuracy'], val_best, last['validationAccuracy']))
        print(f'| {path} | {percent(test_best)} ({test_at}) | {percent(last["testAccuracy"])} '
              f'| {percent(val_best)} ({val_at}) | {percent(last["validationAccuracy"])} |')
    means = [sum(c[i] for c in columns) / len(columns) for i in range(4)]
    print(f'| mean of {len(columns)} | {percent(means[0])} | {percent(means[1])} '
          f'| {percent(means[2])} | {percent(means[3])} |')


if __name__ == '__main__':
    main(sys.argv[1:])
