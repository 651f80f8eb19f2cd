/**
 * A small SVG line chart for the performance report: no dependency, readable on GitHub. Both axes may be
 * logarithmic; every series is a polyline with a dot per point and a legend.
 */

/** One series of points. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

/** One chart panel. */
export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: Series[];
}

const WIDTH = 460;
const HEIGHT = 300;
const MARGIN = { left: 62, right: 16, top: 34, bottom: 46 };

/** Panels side by side, as one SVG document. */
export function renderChart(panels: Panel[]): string {
  const body = panels.map(
    (panel, index) => `<g transform="translate(${index * WIDTH},0)">${renderPanel(panel)}</g>`,
  );
  const legend = renderLegend(panels[0]?.series ?? [], panels.length * WIDTH);
  const height = HEIGHT + 28;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${panels.length * WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${panels.length * WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    legend,
    "</svg>",
  ].join("\n");
}

function renderPanel(panel: Panel): string {
  const all = panel.series.flatMap((series) => series.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y).filter((y) => !panel.logY || y > 0);
  const x = scale(Math.min(...xs), Math.max(...xs), MARGIN.left, WIDTH - MARGIN.right, panel.logX);
  const y = scale(
    Math.min(...ys, panel.logY ? Infinity : 0),
    Math.max(...ys),
    HEIGHT - MARGIN.bottom,
    MARGIN.top,
    panel.logY,
  );
  const parts: string[] = [];
  parts.push(
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escape(panel.title)}</text>`,
  );
  parts.push(axis(MARGIN.left, HEIGHT - MARGIN.bottom, WIDTH - MARGIN.right, HEIGHT - MARGIN.bottom));
  parts.push(axis(MARGIN.left, MARGIN.top, MARGIN.left, HEIGHT - MARGIN.bottom));
  for (const tick of ticks(xs, panel.logX)) {
    parts.push(
      `<text x="${x(tick)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${format(tick)}</text>`,
    );
  }
  for (const tick of ticks(ys, panel.logY)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eee"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${format(tick)}</text>`);
  }
  parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escape(panel.xLabel)}</text>`);
  parts.push(
    `<text x="14" y="${HEIGHT / 2}" text-anchor="middle" transform="rotate(-90 14 ${HEIGHT / 2})">${escape(panel.yLabel)}</text>`,
  );
  for (const series of panel.series) {
    const points = series.points.filter((p) => !panel.logY || p.y > 0);
    parts.push(
      `<polyline fill="none" stroke="${series.color}" stroke-width="2" points="${points.map((p) => `${x(p.x)},${y(p.y)}`).join(" ")}"/>`,
    );
    for (const p of points)
      parts.push(`<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${series.color}"/>`);
  }
  return parts.join("\n");
}

function renderLegend(series: Series[], width: number): string {
  const step = width / Math.max(1, series.length);
  return series
    .map(
      (s, i) =>
        `<rect x="${i * step + 20}" y="${HEIGHT + 8}" width="12" height="12" fill="${s.color}"/>` +
        `<text x="${i * step + 38}" y="${HEIGHT + 18}">${escape(s.name)}</text>`,
    )
    .join("\n");
}

function scale(min: number, max: number, from: number, to: number, log?: boolean): (v: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const lo = f(min);
  const hi = f(max === min ? min + 1 : max);
  return (v) => Math.round((from + ((f(v) - lo) / (hi - lo || 1)) * (to - from)) * 10) / 10;
}

function ticks(values: number[], log?: boolean): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (log) {
    const result: number[] = [];
    for (
      let decade = Math.floor(Math.log10(Math.max(min, 1e-9)));
      decade <= Math.ceil(Math.log10(max));
      decade++
    ) {
      const value = 10 ** decade;
      if (value >= min * 0.999 && value <= max * 1.001) result.push(value);
    }
    return result.length > 1 ? result : [min, max];
  }
  const step = niceStep((max - Math.min(0, min)) / 5);
  const result: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) result.push(v);
  return result;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(2);
}

function axis(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333"/>`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
