// dayjs with plugins, CommonJS style: fixed dates formatted in UTC.
const dayjs = require('dayjs')
const utc = require('dayjs/plugin/utc')
const customParseFormat = require('dayjs/plugin/customParseFormat')

dayjs.extend(utc)
dayjs.extend(customParseFormat)

exports.main = async function (ctx) {
  const start = dayjs.utc('2024-02-28T10:30:00Z')
  const later = start.add(2, 'day').add(3, 'hour')
  const parsed = dayjs.utc('25/12/2023 08:15', 'DD/MM/YYYY HH:mm')
  const strict = dayjs('2023-02-30', 'YYYY-MM-DD', true)

  return {
    format: start.format('YYYY-MM-DD HH:mm:ss'),
    formatLong: start.format('dddd, MMMM D, YYYY h:mm A'),
    iso: start.toISOString(),
    unix: start.unix(),
    valueOf: start.valueOf(),
    add: later.format(),
    leapDay: start.add(1, 'day').format('YYYY-MM-DD'),
    subtract: start.subtract(1, 'month').format('YYYY-MM-DD'),
    startOfMonth: start.startOf('month').toISOString(),
    endOfYear: start.endOf('year').toISOString(),
    diffDays: later.diff(start, 'day'),
    diffHours: later.diff(start, 'hour'),
    diffMonthsFloat: dayjs.utc('2024-04-15').diff(dayjs.utc('2024-01-01'), 'month', true),
    isBefore: start.isBefore(later),
    isAfter: start.isAfter(later),
    isSame: start.isSame(dayjs.utc('2024-02-28T23:59:59Z'), 'day'),
    parsed: parsed.toISOString(),
    parsedValid: parsed.isValid(),
    strictValid: strict.isValid(),
    dayOfWeek: start.day(),
    daysInMonth: start.daysInMonth(),
    isDayjs: dayjs.isDayjs(start),
    nowShape: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(dayjs.utc().format()),
  }
}
