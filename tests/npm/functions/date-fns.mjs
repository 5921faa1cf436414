// date-fns on fixed instants. date-fns works in the process's local time zone, so the fixtures
// assume TZ=UTC (the harness and the Rust test run it that way).
import {
  format,
  addDays,
  addMonths,
  subHours,
  differenceInCalendarDays,
  differenceInHours,
  parseISO,
  parse,
  formatISO,
  isAfter,
  isBefore,
  isValid,
  startOfMonth,
  endOfMonth,
  startOfWeek,
  eachDayOfInterval,
  getDay,
  isLeapYear,
  formatDistance,
  intervalToDuration,
} from 'date-fns'

export default async function (ctx) {
  const start = parseISO('2024-02-28T10:30:00Z')
  const end = parseISO('2024-03-05T08:00:00Z')

  return {
    offsetIsZero: start.getTimezoneOffset() === 0,
    format: format(start, 'yyyy-MM-dd HH:mm:ss'),
    formatWords: format(start, "EEEE, MMMM do yyyy 'at' h:mm a"),
    formatISO: formatISO(start),
    formatISODate: formatISO(start, { representation: 'date' }),
    addDays: addDays(start, 2).toISOString(),
    addMonths: addMonths(parseISO('2024-01-31T00:00:00Z'), 1).toISOString(),
    subHours: subHours(start, 12).toISOString(),
    calendarDays: differenceInCalendarDays(end, start),
    hours: differenceInHours(end, start),
    isAfter: isAfter(end, start),
    isBefore: isBefore(end, start),
    startOfMonth: startOfMonth(start).toISOString(),
    endOfMonth: endOfMonth(start).toISOString(),
    startOfWeek: startOfWeek(start, { weekStartsOn: 1 }).toISOString(),
    interval: eachDayOfInterval({ start, end }).map((d) => format(d, 'MM-dd')),
    weekday: getDay(start),
    leap: [isLeapYear(start), isLeapYear(parseISO('2023-06-01'))],
    parsed: parse('25/12/2023 08:15', 'dd/MM/yyyy HH:mm', new Date(0)).toISOString(),
    invalid: isValid(parseISO('2024-13-45')),
    distance: formatDistance(start, end),
    duration: intervalToDuration({ start, end }),
  }
}
