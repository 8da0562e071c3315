import { formatCount } from "@/components/admin/format";
import { axisTicks, niceCeiling, shortDay } from "./scale";

export type DayValue = { date: string; value: number };

const BAR_WIDTH = 10;
const BAR_GAP = 2;
const HEIGHT = 100;

/**
 * One count per UTC day as bars, server-rendered SVG. The bars stretch to any width (the SVG
 * has no text, so nothing is distorted); the axis labels are HTML around it. Screen readers get
 * a one-line summary and the table of exact numbers below it, which sighted users can open too.
 */
export function DailyBarChart({ id, title, days }: { id: string; title: string; days: DayValue[] }) {
  const total = days.reduce((sum, day) => sum + day.value, 0);
  const peak = days.reduce((best, day) => (day.value > best.value ? day : best), days[0]);
  const ceiling = niceCeiling(peak?.value ?? 0);
  const ticks = axisTicks(ceiling);
  const width = days.length * (BAR_WIDTH + BAR_GAP);
  const first = days[0];
  const last = days[days.length - 1];
  const middle = days[Math.floor((days.length - 1) / 2)];
  const summary =
    total === 0
      ? `${title}: none in the last ${days.length} days.`
      : `${title}: ${formatCount(total)} in the last ${days.length} days; the most, ${formatCount(peak.value)}, on ${shortDay(peak.date)}.`;

  return (
    <figure
      aria-labelledby={`${id}-title`}
      data-chart={id}
      className="flex min-w-0 flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id={`${id}-title`} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
          {title}
        </h2>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {formatCount(total)} in {days.length} days
        </span>
      </figcaption>
      <div className="grid grid-cols-[auto_1fr] gap-x-2">
        <div
          aria-hidden="true"
          className="flex h-32 flex-col justify-between text-right text-xs text-zinc-600 tabular-nums dark:text-zinc-400"
        >
          {ticks.map((tick) => (
            <span key={tick} className="-my-2 leading-4">
              {formatCount(tick)}
            </span>
          ))}
        </div>
        <svg
          role="img"
          aria-label={summary}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="h-32 w-full overflow-visible"
        >
          {ticks.map((tick) => (
            <line
              key={tick}
              x1={0}
              x2={width}
              y1={HEIGHT - (tick / ceiling) * HEIGHT}
              y2={HEIGHT - (tick / ceiling) * HEIGHT}
              vectorEffect="non-scaling-stroke"
              className="stroke-zinc-200 dark:stroke-zinc-700"
            />
          ))}
          {days.map((day, i) => {
            const height = (day.value / ceiling) * HEIGHT;
            return (
              <rect
                key={day.date}
                x={i * (BAR_WIDTH + BAR_GAP) + BAR_GAP / 2}
                y={HEIGHT - height}
                width={BAR_WIDTH}
                height={height}
                className="fill-indigo-600 dark:fill-indigo-400"
              >
                <title>{`${shortDay(day.date)}: ${formatCount(day.value)}`}</title>
              </rect>
            );
          })}
        </svg>
        <div
          aria-hidden="true"
          className="col-start-2 mt-1 flex justify-between text-xs text-zinc-600 dark:text-zinc-400"
        >
          <span>{first && shortDay(first.date)}</span>
          <span className="max-sm:hidden">{middle && shortDay(middle.date)}</span>
          <span>{last && `${shortDay(last.date)} (today)`}</span>
        </div>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-700 hover:underline dark:text-indigo-300">
          Show the numbers<span className="sr-only"> of {title.toLowerCase()}</span>
        </summary>
        <table data-chart-table={id} className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">{title} per UTC day</caption>
          <thead className="text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Day (UTC)
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                {title}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row" className="py-1 font-normal">
                  <time dateTime={day.date}>{day.date}</time>
                </th>
                <td className="py-1 text-right">{formatCount(day.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
