export { cutoffValues, levelOfValue } from './exact-cutoffs.js';
export {
  bucketAt,
  type EpochPyramid,
  epochAtOrBefore,
  epochPyramid,
  levelAtEpoch,
  type PyramidPlace,
  placesAt,
  pyramidEpochs,
} from './pyramid-epochs.js';
export {
  PYRAMID_LEVELS,
  type PyramidCutoffs,
  type PyramidLevel,
  pyramidCutoffs,
  pyramidLevel,
} from './pyramid-levels.js';
export { type LevelRankError, type SketchAccuracy, sketchAccuracy } from './sketch-accuracy.js';
export {
  BUCKET_RELATIVE_ACCURACY,
  type BucketCounts,
  bucketValue,
  mergeBucketCounts,
  NON_POSITIVE_BUCKET,
  valueBucket,
} from './value-buckets.js';
