import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { components } from '../../api/schema';

type UsageDay = components['schemas']['UsageDayResponse'];

const HEIGHT = 260;
const DAY_SECONDS = 86_400;

/** The series drawn, with colours that keep 3:1 against white (and the legend names them in words). */
const SERIES: ReadonlyArray<{ key: 'inbound' | 'outbound' | 'failedSends'; label: string; stroke: string }> = [
  { key: 'inbound', label: 'Received', stroke: '#0b57d0' },
  { key: 'outbound', label: 'Sent', stroke: '#116329' },
  { key: 'failedSends', label: 'Failed sends', stroke: '#a40e26' },
];

/**
 * Messages per day, drawn by uPlot on a canvas. The days are the business's own dates
 * (YYYY-MM-DD), so they are placed at midnight UTC and the axis reads them in UTC: no browser
 * zone can move a point to the day before.
 */
export function UsageChart({ days }: { days: UsageDay[] }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      days.map((day) => Date.parse(`${day.date}T00:00:00Z`) / 1000),
      ...SERIES.map((series) => days.map((day) => day[series.key])),
    ];
    const chart = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: HEIGHT,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'UTC'),
        scales: { x: { time: true }, y: { range: (_self, _min, max) => [0, Math.max(4, max)] } },
        axes: [{ space: 60, incrs: [DAY_SECONDS, 7 * DAY_SECONDS, 30 * DAY_SECONDS] }, { label: 'Messages' }],
        series: [
          { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
          ...SERIES.map(({ label, stroke }) => ({ label, stroke, width: 2, points: { show: true, size: 5 } })),
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(300, element.clientWidth), height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days]);

  // Hidden from screen readers: the figure's caption and the table say the same in words.
  return <div ref={box} className="usage-chart" aria-hidden="true" />;
}
