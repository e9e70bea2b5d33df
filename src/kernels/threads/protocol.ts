import type { KernelExports } from '../wasm/modules.ts';
import { firstPoint, mark, markIssued } from './timeline.ts';

/**
 * How the threads of a multi-threaded WebAssembly kernel meet: a few 32-bit counters in the
 * shared memory (the `control` block), read and written with Atomics. Portable: any host with
 * shared WebAssembly memory can spawn the participants (src/node/threads does it with
 * worker_threads).
 *
 * The calling thread is participant 0 and issues commands; participants 1..T−1 loop in
 * `serveCommands`. A command is one mini-batch or one inference request, from a plan (the
 * kernel's block of addresses and sizes): every participant runs the same phases on its share
 * of the work and they meet at a barrier between phases. An inference request ends with a
 * barrier too (the join, after which the caller returns); a mini-batch does not: participant
 * 0 returns after its own last phase while the others may still finish theirs, and counts
 * them in with `settleTeam` before it touches anything they may still be using (the kernel
 * keeps the next batch's plan apart: see assembly/kernel.ts).
 *
 * Each word that one thread spins on sits on its own 64-byte cache line (16 words), apart
 * from the words others write meanwhile (the command's arguments, the count of finished
 * batches): a write to a line that another core is reading in a loop takes the line away
 * from it, a round trip between the cores each time.
 */
const GEN = 0; // command generation: bumped by participant 0 to issue a command (workers spin on it)
const GEN_SLEEPERS = 1; // participants asleep waiting for a command
const BAR_COUNT = 16; // arrivals at the current barrier
const BAR_GEN = 32; // barrier generation (the waiters spin on it)
const BAR_SLEEPERS = 48; // participants asleep in the barrier
const FAILED = 49; // set by a participant that threw: the others stop waiting for it
const CMD = 64; // the command and its arguments: written before GEN is bumped, read once after
const ARG_FIRST = 65;
const ARG_COUNT = 66;
const ARG_OUT = 67;
const ARG_ROW_BYTES = 68;
const ARG_PLAN = 69;
const DONE = 80; // mini-batches finished by participants 1..T−1, all counted
const DONE_SLEEPERS = 81; // participant 0 asleep waiting for them

export const CMD_TRAIN = 1;
export const CMD_INFER = 2;
export const CMD_EXIT = 3;

/** Words of the control block (6 cache lines). */
export const CONTROL_WORDS = 96;

/**
 * How long a participant spins before it sleeps (Atomics.wait), in milliseconds. Waking a
 * sleeper costs far more than a mini-batch (a futex call, and on a virtual machine the halted
 * core's wake-up: 50-150 us seen here, against ~20 us a batch), and a machine's hiccups (a
 * thread preempted for a while) would otherwise put the other thread to sleep too. With
 * the counted spins these replace (4,000 took 330 us in unoptimised code, a few microseconds
 * optimised), a per-batch timeline of an epoch had 229 batches over 60 us, the worker
 * starting them up to 700 us late; with these budgets, 27. Budgets of 1/0.25, 5/2 and
 * 20/10 ms trained alike (0.093, 0.091, 0.096 s an epoch, in turns in one process). Spinning
 * lasts only while a kernel is in use: 5 ms after its last command a worker sleeps.
 */
const SPIN_COMMAND_MS = 5;
const SPIN_BARRIER_MS = 2;
/** Spins between two looks at the clock. */
const SPINS_PER_CLOCK = 64;

/**
 * The spin budget of the current wait: `spinStart` begins one, `spinMore(ms)` is true while
 * less than `ms` has passed since its first look at the clock. One per thread (this module's
 * state: each thread has its own), since a thread waits for one thing at a time; an object
 * per wait would be garbage, and on two cores a garbage collection's helper threads preempt
 * the kernel's own.
 */
const spin = { count: 0, since: 0 };
function spinStart(): void {
  spin.count = 0;
}
function spinMore(ms: number): boolean {
  if (++spin.count % SPINS_PER_CLOCK !== 0) return true;
  const now = performance.now();
  if (spin.count === SPINS_PER_CLOCK) spin.since = now;
  return now - spin.since < ms;
}

export interface Team {
  readonly control: Int32Array;
  readonly threads: number;
  /** May this participant block in Atomics.wait (not the main thread of a browser)? */
  readonly canSleep: boolean;
  /** Where to record when each mini-batch passes each point, if anywhere (see timeline.ts). */
  readonly timeline?: Float64Array;
}

/** Waits until all `threads` participants have arrived. */
export function barrier(team: Team): void {
  const c = team.control;
  const generation = Atomics.load(c, BAR_GEN);
  if (Atomics.add(c, BAR_COUNT, 1) === team.threads - 1) {
    Atomics.store(c, BAR_COUNT, 0);
    Atomics.add(c, BAR_GEN, 1);
    if (Atomics.load(c, BAR_SLEEPERS) > 0) Atomics.notify(c, BAR_GEN);
    return;
  }
  spinStart();
  while (Atomics.load(c, BAR_GEN) === generation) {
    checkFailed(c);
    if (team.canSleep && !spinMore(SPIN_BARRIER_MS)) {
      Atomics.add(c, BAR_SLEEPERS, 1);
      Atomics.wait(c, BAR_GEN, generation);
      Atomics.sub(c, BAR_SLEEPERS, 1);
    }
  }
}

/** Issues a command; returns its generation. A mini-batch's (`phases` > 0) goes on the timeline. */
function issue(team: Team, command: number, phases = 0): number {
  const c = team.control;
  Atomics.store(c, CMD, command);
  const generation = Atomics.load(c, GEN) + 1; // (only participant 0 writes GEN)
  if (phases > 0) markIssued(team.timeline, generation, team.threads, phases); // (a mini-batch)
  Atomics.add(c, GEN, 1);
  if (Atomics.load(c, GEN_SLEEPERS) > 0) Atomics.notify(c, GEN);
  return generation;
}

/** Participant `thread`'s share [first, first + count) of an inference request. */
function inferShare(first: number, count: number, threads: number, thread: number): [number, number] {
  const from = Math.floor((thread * count) / threads);
  const to = Math.floor(((thread + 1) * count) / threads);
  return [first + from, to - from];
}

export type DTypeSuffix = 'f32' | 'f64';


/** Runs command number `generation`. */
function runCommand(team: Team, exports: KernelExports, suffix: DTypeSuffix, thread: number, command: number, generation: number): void {
  const c = team.control;
  const plan = Atomics.load(c, ARG_PLAN) >>> 0;
  if (command === CMD_TRAIN) {
    const train = suffix === 'f32' ? exports.trainPhase_f32 : exports.trainPhase_f64;
    const phases = exports.phaseCount();
    let point = firstPoint(team.timeline, generation, team.threads, phases, thread); // −1: not recorded
    point = mark(team.timeline, point);
    for (let p = 0; p < phases; p++) {
      train(plan, thread, team.threads, p);
      point = mark(team.timeline, point);
      if (p < phases - 1) {
        barrier(team);
        point = mark(team.timeline, point);
      }
    }
    if (thread !== 0) {
      Atomics.add(c, DONE, 1);
      if (Atomics.load(c, DONE_SLEEPERS) > 0) Atomics.notify(c, DONE);
    }
  } else if (command === CMD_INFER) {
    const infer = suffix === 'f32' ? exports.infer_f32 : exports.infer_f64;
    const total = Atomics.load(c, ARG_COUNT);
    const [first, count] = inferShare(Atomics.load(c, ARG_FIRST), total, team.threads, thread);
    const rowBytes = Atomics.load(c, ARG_ROW_BYTES);
    const out = (Atomics.load(c, ARG_OUT) >>> 0) + (first - Atomics.load(c, ARG_FIRST)) * rowBytes;
    if (count > 0) infer(plan, thread, first, count, out);
    barrier(team);
  }
}

/**
 * Participant 0: one mini-batch on every thread, from the plan at `plan`. Returns when its own
 * share is done; the others may still be in the last phase (see settleTeam).
 */
export function teamTrain(team: Team, exports: KernelExports, plan: number, suffix: DTypeSuffix): void {
  Atomics.store(team.control, ARG_PLAN, plan);
  const generation = issue(team, CMD_TRAIN, exports.phaseCount());
  runCommand(team, exports, suffix, 0, CMD_TRAIN, generation);
}

/** Participant 0: waits until the others have finished `batches` mini-batches (each) in all. */
export function settleTeam(team: Team, batches: number): void {
  const c = team.control;
  const target = batches * (team.threads - 1);
  spinStart();
  while (Atomics.load(c, DONE) !== target) {
    checkFailed(c);
    if (team.canSleep && !spinMore(SPIN_BARRIER_MS)) {
      Atomics.add(c, DONE_SLEEPERS, 1);
      const done = Atomics.load(c, DONE);
      if (done !== target) Atomics.wait(c, DONE, done);
      Atomics.sub(c, DONE_SLEEPERS, 1);
    }
  }
}

/** Participant 0: inference on examples [first, first + count), split by examples. */
export function teamInfer(team: Team, exports: KernelExports, plan: number, suffix: DTypeSuffix, first: number, count: number, out: number, outRowBytes: number): void {
  const c = team.control;
  Atomics.store(c, ARG_FIRST, first);
  Atomics.store(c, ARG_COUNT, count);
  Atomics.store(c, ARG_OUT, out);
  Atomics.store(c, ARG_ROW_BYTES, outRowBytes);
  Atomics.store(c, ARG_PLAN, plan);
  const generation = issue(team, CMD_INFER);
  runCommand(team, exports, suffix, 0, CMD_INFER, generation);
}

/** Throws if a participant has failed, rather than waiting for it forever. */
function checkFailed(c: Int32Array): void {
  if (Atomics.load(c, FAILED) !== 0) {
    throw new Error('a kernel worker thread failed (its error is on stderr); the kernel cannot continue');
  }
}

/**
 * A participant that threw: marks the team failed and wakes every waiter (each checks FAILED
 * in its wait loop), so that participant 0 throws instead of waiting for it forever.
 */
export function failTeam(team: Team): void {
  const c = team.control;
  Atomics.store(c, FAILED, 1);
  for (const word of [BAR_GEN, GEN, DONE]) {
    Atomics.add(c, word, 1);
    Atomics.notify(c, word);
  }
}

/** Participant 0: tells the others to return from `serveCommands`. */
export function teamExit(team: Team): void {
  issue(team, CMD_EXIT);
}

/**
 * Participants 1..T−1: run commands until told to exit. The control block starts zeroed,
 * so the first command is generation 1 whenever this loop starts.
 */
export function serveCommands(team: Team, exports: KernelExports, suffix: DTypeSuffix, thread: number): void {
  const c = team.control;
  let seen = 0;
  for (;;) {
    spinStart();
    while (Atomics.load(c, GEN) === seen) {
      if (team.canSleep && !spinMore(SPIN_COMMAND_MS)) {
        Atomics.add(c, GEN_SLEEPERS, 1);
        Atomics.wait(c, GEN, seen);
        Atomics.sub(c, GEN_SLEEPERS, 1);
      }
    }
    seen++;
    const command = Atomics.load(c, CMD);
    if (command === CMD_EXIT) return;
    runCommand(team, exports, suffix, thread, command, seen);
  }
}
