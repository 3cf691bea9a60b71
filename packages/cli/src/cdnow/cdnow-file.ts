/**
 * The CDNOW sample of Fader, Hardie & Lee (2005), as redistributed with the `lifetimes` package
 * (see shared/data/cdnow/README.md): one transaction a line, whitespace separated,
 * `master_id sample_id date(YYYYMMDD) number_of_cds dollar_value`, no header.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One line of the file. */
export interface CdnowTransaction {
  /** 1-based line number in the file: the transaction's identity. */
  readonly line: number;
  /** The sample's customer id (1 to 2357 in the published file). */
  readonly customer: number;
  /** The day of the purchase, YYYY-MM-DD. */
  readonly day: string;
  readonly cds: number;
  /** Dollars in cents, exactly (the file has at most two decimals). */
  readonly cents: number;
}

/**
 * Where the sample lies when the repository is checked out with `shared/` beside it (as CI
 * does): <repo>/../shared/data/cdnow/CDNOW_sample.txt, unless CDNOW_SAMPLE names another file.
 */
export function defaultCdnowFile(cdnowSample: string | undefined): string {
  return (
    cdnowSample ??
    fileURLToPath(new URL('../../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url))
  );
}

const LINE = /^\s*(\d+)\s+(\d+)\s+(\d{4})(\d{2})(\d{2})\s+(\d+)\s+(\d+)(?:\.(\d{1,2}))?\s*$/;

// Date.parse accepts 1997-02-30 as March 2nd; the round trip rejects it.
function isRealDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
}

/** Parses the file's text; throws a SyntaxError naming the first malformed line. Blank lines are skipped. */
export function parseCdnow(text: string): CdnowTransaction[] {
  const transactions: CdnowTransaction[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    const match = LINE.exec(raw);
    const [, , customer, year, month, date, cds, dollars, decimals = ''] = match ?? [];
    const day = `${year}-${month}-${date}`;
    if (match === null || !isRealDay(day) || Number(cds) < 1) {
      throw new SyntaxError(
        `line ${line} is not "master_id sample_id YYYYMMDD number_of_cds dollars" with a real date, at least one CD and at most two decimals: ${JSON.stringify(raw.slice(0, 80))}`,
      );
    }
    transactions.push({
      line,
      customer: Number(customer),
      day,
      cds: Number(cds),
      cents: Number(dollars) * 100 + Number(decimals.padEnd(2, '0')),
    });
  });
  return transactions;
}

/** Reads and parses a CDNOW file; a missing file says how to point at another. */
export async function readCdnow(path: string): Promise<CdnowTransaction[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the CDNOW sample at ${path}; pass --file or set CDNOW_SAMPLE`, {
      cause: error,
    });
  }
  return parseCdnow(text);
}
