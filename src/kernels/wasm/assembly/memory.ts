// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Reading the plan (see ../layout.ts): its header and its descriptors, by byte offset.

import { H_DESC, H_L, DESC_BYTES } from './layout.generated';

/** The i32 at byte address p (a size or a stride of the plan). */
@inline export function readInt(p: usize): i32 {
  return load<i32>(p);
}
/** The address at byte address p (a buffer of the plan). */
@inline export function readAddress(p: usize): usize {
  return <usize>load<u32>(p);
}
/** Where thread tid's descriptor of layer l starts (../layout.ts: descIndex). */
@inline export function descriptorOf(plan: usize, tid: i32, l: i32): usize {
  const L = readInt(plan + H_L);
  return readAddress(plan + H_DESC) + <usize>(tid * (L + 1) + l) * DESC_BYTES;
}
