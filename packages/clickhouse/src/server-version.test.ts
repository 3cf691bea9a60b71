import { describe, expect, it } from 'vitest';
import { finalQuerySettings, parseServerVersion } from './server-version.js';

describe('server version', () => {
  it('reads releases old and new', () => {
    expect(parseServerVersion('18.16.1')).toEqual({ major: 18, minor: 16, text: '18.16.1' });
    expect(parseServerVersion('25.8.2.29')).toMatchObject({ major: 25, minor: 8 });
    expect(() => parseServerVersion('unknown')).toThrow(TypeError);
  });

  it('asks for per-partition FINAL only where the server knows the setting', () => {
    expect(finalQuerySettings(parseServerVersion('18.16.1'))).toEqual({});
    expect(finalQuerySettings(parseServerVersion('20.9.1'))).toEqual({});
    expect(finalQuerySettings(parseServerVersion('20.10.3'))).toEqual({
      do_not_merge_across_partitions_select_final: 1,
    });
    expect(finalQuerySettings(parseServerVersion('25.8.2.29'))).toEqual({
      do_not_merge_across_partitions_select_final: 1,
    });
  });
});
