import type { Overview } from './overview.js';

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

/** The overview page: the range form, three charts, and the figures they draw as JSON. */
export function overviewPage(
  data: Overview & { readonly currency: string },
  range: { readonly from: string | undefined; readonly to: string | undefined },
  problem?: string,
): string {
  const value = (v: string | undefined) => (v === undefined ? '' : ` value="${escapeHtml(v)}"`);
  const churnTitle =
    data.churn.month === null
      ? 'Churn risk (no assessments yet)'
      : `Churn risk at the end of ${data.churn.month}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loyalty overview</title>
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<header>
  <h1>Loyalty overview</h1>
  <form method="get" action="/">
    <label>From <input type="date" name="from"${value(range.from)}></label>
    <label>To <input type="date" name="to"${value(range.to)}></label>
    <button type="submit">Show</button>
  </form>
  ${problem === undefined ? '' : `<p class="problem" role="alert">${escapeHtml(problem)}</p>`}
</header>
<main>
  <section><h2>Customer pyramid</h2><div class="chart" id="pyramid" role="img" aria-label="Customers and net revenue per tier"></div></section>
  <section><h2>${escapeHtml(churnTitle)}</h2><div class="chart" id="churn" role="img" aria-label="Customers per churn-risk level"></div></section>
  <section><h2>Dead letters by reason</h2><div class="chart" id="dead-letters" role="img" aria-label="Rejected input messages per reason"></div></section>
</main>
<script type="application/json" id="data">${scriptJson(data)}</script>
<script src="/assets/echarts.min.js"></script>
<script src="/assets/overview.js"></script>
</body>
</html>
`;
}
