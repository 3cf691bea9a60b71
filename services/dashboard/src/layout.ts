import type { ChartSpec } from './charts.js';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// JSON inside a <script> element: "</script" and U+2028/9 cannot end or break it.
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** What a page is asked to show: a namespace (a history database) and a range of UTC days. */
export interface Selection {
  readonly ns: string | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

/** The query string of a selection ("ns=...&from=...&to=..."), empty when nothing is chosen. */
export function selectionQuery(selection: Selection): string {
  return new URLSearchParams(
    Object.entries(selection).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
}

/** A page's address with the selection kept, and `extra` parameters first (a customer id). */
export function pageLink(path: string, selection: Selection, extra: Record<string, string> = {}): string {
  const query = [new URLSearchParams(extra).toString(), selectionQuery(selection)]
    .filter((q) => q !== '')
    .join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** The pages, in the order the navigation lists them. */
export const PAGES = [
  { path: '/', title: 'Overview' },
  { path: '/analysts', title: 'Analysts' },
  { path: '/win-back', title: 'Win-back' },
  { path: '/model', title: 'CLV model' },
] as const;

export interface PageContent {
  readonly path: string;
  readonly title: string;
  readonly selection: Selection;
  /** The namespaces to choose from (history databases). */
  readonly namespaces: readonly string[];
  /** The namespace shown. */
  readonly namespace: string;
  /** Parameters the form keeps as they are (a customer id). */
  readonly keep?: Readonly<Record<string, string>>;
  /** A problem with the request, shown above the charts. */
  readonly problem?: string;
  /** A line under the title: what the page shows. */
  readonly lead?: string;
  readonly charts: readonly ChartSpec[];
  /** HTML after the charts (a table), already escaped by whoever made it. */
  readonly body?: string;
}

/** A dashboard page: navigation, the date-range form, a section per chart, and the charts' data. */
export function page(content: PageContent): string {
  const value = (v: string | undefined) => (v === undefined ? '' : ` value="${escapeHtml(v)}"`);
  // The links keep the selection: moving between pages keeps looking at the same history and period.
  const nav = PAGES.map((p) => {
    const href = escapeHtml(pageLink(p.path, content.selection));
    return `<a href="${href}"${p.path === content.path ? ' aria-current="page"' : ''}>${escapeHtml(p.title)}</a>`;
  }).join(' ');
  const sections = content.charts
    .map(
      (chart) =>
        `<section><h2>${escapeHtml(chart.title)}</h2><div class="chart" id="${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(chart.title)}"></div></section>`,
    )
    .join('\n  ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)} - Loyalty</title>
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<header>
  <h1>${escapeHtml(content.title)}</h1>
  <nav>${nav}</nav>
  <form method="get" action="${content.path}">
    ${Object.entries(content.keep ?? {})
      .map(([name, v]) => `<input type="hidden" name="${escapeHtml(name)}"${value(v)}>`)
      .join('')}
    <label>Namespace <select name="ns">${content.namespaces
      .map(
        (ns) =>
          `<option${value(ns)}${ns === content.namespace ? ' selected' : ''}>${escapeHtml(ns)}</option>`,
      )
      .join('')}</select></label>
    <label>From <input type="date" name="from"${value(content.selection.from)}></label>
    <label>To <input type="date" name="to"${value(content.selection.to)}></label>
    <button type="submit">Show</button>
  </form>
  ${content.problem === undefined ? '' : `<p class="problem" role="alert">${escapeHtml(content.problem)}</p>`}
  ${content.lead === undefined ? '' : `<p class="lead">${escapeHtml(content.lead)}</p>`}
</header>
<main>
  ${sections}
</main>
${content.body ?? ''}
<script type="application/json" id="charts">${scriptJson(content.charts)}</script>
<script src="/assets/echarts.min.js"></script>
<script src="/assets/charts.js"></script>
</body>
</html>
`;
}

/** An HTML table of text cells (escaped here), with a caption; `link` makes a column's cells links. */
export function table(
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  link?: { readonly column: number; readonly href: (cell: string) => string },
): string {
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) =>
            link !== undefined && i === link.column
              ? `<td><a href="${escapeHtml(link.href(cell))}">${escapeHtml(cell)}</a></td>`
              : `<td>${escapeHtml(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
