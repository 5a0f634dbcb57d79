import type { ChartBar } from './explain';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Points earned against points available, one bar per 一级指标 and one for execution, in plain SVG
 * (a chart library would triple the pane's bundle). Bars are scaled to the largest available
 * value; the numbers are written beside each bar and in the title, so nothing depends on colour.
 */
export function barChart(bars: ChartBar[], caption: string): SVGSVGElement {
  const rowH = 28;
  const labelW = 30; // percent of the width for the label column
  const height = bars.length * rowH + 4;
  const max = Math.max(1, ...bars.map((b) => b.available));
  const root = svg('svg', { class: 'chart', role: 'img', width: '100%', height, 'aria-label': caption });
  const title = svg('title', {});
  title.textContent = `${caption}：${bars.map((b) => `${b.label} ${b.earned} / ${b.available} 分`).join('；')}`;
  root.append(title);
  bars.forEach((b, i) => {
    const y = i * rowH + 2;
    const g = svg('g', { class: 'bar', 'data-label': b.label, 'data-earned': b.earned, 'data-available': b.available });
    const label = svg('text', { x: 0, y: y + 17, class: 'bar-label' });
    label.textContent = b.label;
    const availW = (b.available / max) * (100 - labelW - 22);
    const earnedW = b.available ? (Math.min(b.earned, b.available) / max) * (100 - labelW - 22) : 0;
    const track = svg('rect', { x: `${labelW}%`, y: y + 5, width: `${availW}%`, height: 16, rx: 2, class: 'bar-available' });
    const fill = svg('rect', { x: `${labelW}%`, y: y + 5, width: `${earnedW}%`, height: 16, rx: 2, class: b.earned < b.available ? 'bar-earned lost' : 'bar-earned' });
    const value = svg('text', { x: `${labelW + availW + 2}%`, y: y + 17, class: 'bar-value' });
    value.textContent = `${b.earned}/${b.available}`;
    g.append(label, track, fill, value);
    root.append(g);
  });
  return root;
}
