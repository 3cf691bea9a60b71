import { describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements.js';

describe('splitStatements', () => {
  it('splits at semicolons outside quotes and comments', () => {
    const text = `-- header; with a semicolon
CREATE TABLE a (x String DEFAULT 'a;b') ENGINE = Memory;
/* block; comment */
CREATE TABLE \`b;c\` (y String DEFAULT 'it\\'s;') ENGINE = Memory ;
-- trailing comment only;
`;
    expect(splitStatements(text)).toEqual([
      "-- header; with a semicolon\nCREATE TABLE a (x String DEFAULT 'a;b') ENGINE = Memory",
      "/* block; comment */\nCREATE TABLE `b;c` (y String DEFAULT 'it\\'s;') ENGINE = Memory",
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('SELECT 1;\nSELECT 2\n')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('rejects unterminated quotes and comments', () => {
    expect(() => splitStatements("SELECT 'x")).toThrow(SyntaxError);
    expect(() => splitStatements('SELECT 1 /* x')).toThrow(SyntaxError);
  });
});
