// cluster-key-slot ships no types. It is the slot function ioredis routes with, so a batch
// grouped by it lands where ioredis sends it.
declare module 'cluster-key-slot' {
  /** The Redis Cluster slot of a key: CRC16 of its hash tag (or whole name), modulo 16384. */
  function calculateSlot(key: string | Buffer): number;
  export = calculateSlot;
}
