import { describe, expect, it } from 'vitest';
import { formatCsv, formatJson, formatTable } from './output-format.js';

const table = {
  columns: ['name', 'orders', 'share'],
  rows: [
    { name: 'food', orders: 12, share: 0.5 },
    { name: 'a "quoted", name', orders: 3, share: null },
  ],
};

describe('output formats', () => {
  it('table: padded columns, numbers right-aligned', () => {
    expect(formatTable(table)).toBe(
      [
        'name              orders  share',
        '----------------  ------  -----',
        'food                  12    0.5',
        'a "quoted", name       3',
        '',
      ].join('\n'),
    );
    expect(formatTable({ columns: ['x'], rows: [] })).toBe('(no rows)\n');
  });

  it('csv: RFC 4180 quoting, empty field for null', () => {
    expect(formatCsv(table)).toBe('name,orders,share\r\nfood,12,0.5\r\n"a ""quoted"", name",3,\r\n');
  });

  it('json: an array of row objects', () => {
    expect(JSON.parse(formatJson(table))).toEqual(table.rows);
    expect(formatJson({ columns: ['x'], rows: [] })).toBe('[]\n');
  });
});
