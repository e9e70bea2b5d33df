/**
 * An optional record of when each participant of a team passes each point of each
 * mini-batch, for measuring where two threads lose time (bench/timeline.ts). It lives in
 * shared memory (a Float64Array over a SharedArrayBuffer that every participant is given), so
 * recording costs a clock read and a store per point, and nothing at all when there is none.
 *
 * Layout (float64 words): a header, then one row per recorded mini-batch:
 *   header[FIRST]  the command generation of the first batch recorded; set it to START to begin
 *                  with the next batch issued (the issuer fills in its generation);
 *   header[ROWS]   how many batches the rows hold (later ones are not recorded);
 *   header[BASE]   the time origin of every stamp, in ms since the epoch (performance.timeOrigin
 *                  + performance.now()), so stamps from different threads compare;
 *   row            [issued, then for each participant t: POINTS stamps at 1 + t·POINTS]
 * with, per participant, its start and then the end of each phase and (but for the last
 * phase) its leaving the barrier after it: 2·phases points, in ms from header[BASE].
 */
export const FIRST = 0;
export const ROWS = 1;
export const BASE = 2;
export const HEADER = 4;
/** header[FIRST] = START: record from the next batch issued. */
export const START = -1;

/** Stamps per participant and batch for `phases` phases. */
export function pointsPerThread(phases: number): number {
  return 2 * phases;
}

/** Float64 words of one batch's row. */
export function rowLength(threads: number, phases: number): number {
  return 1 + threads * pointsPerThread(phases);
}

/** Bytes of a timeline holding `batches` rows. */
export function timelineBytes(batches: number, threads: number, phases: number): number {
  return 8 * (HEADER + batches * rowLength(threads, phases));
}

/** The word where batch `generation`'s row starts, or −1 if it is not being recorded. */
export function rowOf(timeline: Float64Array, generation: number, threads: number, phases: number): number {
  const first = timeline[FIRST];
  if (!(first > 0)) return -1;
  const index = generation - first;
  if (index < 0 || index >= timeline[ROWS]) return -1;
  return HEADER + index * rowLength(threads, phases);
}

/** Now, in ms from the timeline's base. */
export function stamp(timeline: Float64Array): number {
  return performance.timeOrigin - timeline[BASE] + performance.now();
}

/**
 * The word where participant `thread` stamps the first point of batch `generation`, or −1
 * when there is no timeline or the batch is not recorded: the protocol passes it to `mark`.
 */
export function firstPoint(timeline: Float64Array | undefined, generation: number, threads: number, phases: number, thread: number): number {
  if (timeline === undefined) return -1;
  const row = rowOf(timeline, generation, threads, phases);
  return row < 0 ? -1 : row + 1 + thread * pointsPerThread(phases);
}

/** Stamps `point` (nothing when it is −1); returns the next point. */
export function mark(timeline: Float64Array | undefined, point: number): number {
  if (point < 0) return -1;
  timeline![point] = stamp(timeline!);
  return point + 1;
}

/**
 * The issuer's stamp of batch `generation`, before it is published: the others read the
 * timeline's header once they see the command, so a first batch's generation is filled in here.
 */
export function markIssued(timeline: Float64Array | undefined, generation: number, threads: number, phases: number): void {
  if (timeline === undefined) return;
  if (timeline[FIRST] === START) timeline[FIRST] = generation;
  const row = rowOf(timeline, generation, threads, phases);
  if (row >= 0) timeline[row] = stamp(timeline);
}
