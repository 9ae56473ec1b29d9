/**
 * Heap limits for the engine's threads (the engine worker and its prepare thread).
 *
 * Ingest allocates a lot of short-lived memory: a 512-span export decodes into a few MB of strings
 * and objects, is normalized and encoded, and is garbage a moment later. With V8's default young
 * generation (16 MB semi-spaces) a scavenge runs every export or two, copies the export still being
 * worked on, then promotes it to the old generation, whose collector must sweep it again later.
 * 32 MB semi-spaces let most exports die young: measured on the prepare step in a worker (the
 * bench's 5 KB spans) as 15% less CPU per span for protobuf and 22% less for JSON; 64 MB gained
 * little more. V8 grows the young generation up to this only while allocation is that fast.
 */
import type { ResourceLimits } from 'node:worker_threads';

/** V8's young generation is three semi-spaces' worth (two semi-spaces and the large-object space). */
const SEMI_SPACE_MB = 32;

export const ENGINE_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB };
