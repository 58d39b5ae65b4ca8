// A uPlot line chart (canvas) with a text alternative: the figure is labelled
// with its latest values and a table of the data can be shown instead.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

export function LineChart({
  title,
  x,
  xLabel,
  series,
  summary,
  format = (v) => v.toFixed(4),
  xTime = false,
  formatX = String,
}: {
  title: string;
  x: number[];
  xLabel: string;
  series: Series[];
  summary: string;
  format?: (v: number) => string;
  /** x values are unix seconds (uPlot's time axis). */
  xTime?: boolean;
  formatX?: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [table, setTable] = useState(false);
  const shape = series.map((s) => s.label).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is rebuilt only when its series change
  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: Math.max(300, box.current.clientWidth),
        height: 240,
        // x is a step count unless told it is a time (uPlot's default is time).
        scales: { x: { time: xTime } },
        axes: [{ label: xLabel }, {}],
        series: [
          { label: xLabel },
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: true })),
        ],
      },
      [x, ...series.map((s) => s.values)],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, xLabel, xTime]);
  useEffect(() => {
    // New points go through setData, not a re-render of the chart.
    plot.current?.setData([x, ...series.map((s) => s.values)]);
  }, [x, series]);
  return (
    <figure className="flex flex-col gap-2">
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} />
      <figcaption className="flex items-center gap-3 text-sm">
        <span>{summary}</span>
        <button type="button" className="underline" aria-expanded={table} onClick={() => setTable(!table)}>
          {table ? 'Hide data table' : 'Show data table'}
        </button>
      </figcaption>
      {table ? (
        <table className="text-left text-xs">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xLabel}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((xv, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the series, never reordered
              <tr key={i}>
                <td>{formatX(xv)}</td>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] == null ? '–' : format(s.values[i] as number)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}
