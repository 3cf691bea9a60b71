/**
 * Splits a migration file into statements at the semicolons that end them. The HTTP
 * interface runs one statement per request, so a file of several must be cut; semicolons
 * inside quotes ('…', "…", `…`) and comments (-- …, /* … *\/) do not end a statement.
 * Statements that hold only comments are dropped.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  let hasCode = false;
  const finish = (end: number) => {
    const statement = text.slice(start, end).trim();
    if (hasCode && statement !== '') statements.push(statement);
    hasCode = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) throw new SyntaxError('unterminated /* comment in migration');
      i = close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i = endOfQuoted(text, i);
      hasCode = true;
    } else if (c === ';') {
      finish(i);
      i++;
      start = i;
    } else {
      if (c !== undefined && !/\s/.test(c)) hasCode = true;
      i++;
    }
  }
  finish(text.length);
  return statements;
}

// The index after the closing quote; a backslash escapes the next character, as in ClickHouse.
function endOfQuoted(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  throw new SyntaxError(`unterminated ${quote} quote in migration`);
}
