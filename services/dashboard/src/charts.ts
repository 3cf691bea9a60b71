/**
 * What the browser draws (public/charts.js): each chart as data and its axes' names and
 * units, so that the pages decide what to show and one script draws every kind.
 */
interface Chart {
  /** The id of the element the chart is drawn in. */
  readonly id: string;
  readonly title: string;
}

export type ChartSpec =
  | (Chart & {
      readonly kind: 'bars';
      readonly categories: readonly string[];
      readonly categoryName: string;
      readonly values: readonly number[];
      readonly valueName: string;
      /** The text beside each bar; the value by default. */
      readonly labels?: readonly string[];
    })
  | (Chart & {
      readonly kind: 'line';
      readonly xs: readonly string[];
      readonly xName: string;
      readonly yName: string;
      readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
      /** A vertical line at one of the xs, with its text. */
      readonly marker?: { readonly x: string; readonly label: string };
    })
  | (Chart & {
      readonly kind: 'funnel';
      /** From the widest step (the top) down. */
      readonly steps: readonly string[];
      readonly values: readonly number[];
      readonly valueName: string;
      /** The text on each step. */
      readonly labels: readonly string[];
    })
  | (Chart & {
      readonly kind: 'heatmap';
      readonly xs: readonly string[];
      readonly xName: string;
      readonly ys: readonly string[];
      readonly yName: string;
      readonly valueName: string;
      /** [x index, y index, value, label]: every cell carries its text, not only a colour. */
      readonly cells: readonly (readonly [number, number, number, string])[];
    });
