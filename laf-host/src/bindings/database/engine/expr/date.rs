//! Date operators: `$year` ... `$millisecond`, week numbers and `$dateToString`, in UTC or a fixed offset.

use bson::Bson;

use super::nullish;
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::type_name;
use crate::bindings::database::engine::update::display;

const PARTS: &[&str] = &[
    "$year",
    "$month",
    "$dayOfMonth",
    "$hour",
    "$minute",
    "$second",
    "$millisecond",
    "$dayOfWeek",
    "$dayOfYear",
    "$week",
    "$isoWeek",
    "$isoWeekYear",
    "$isoDayOfWeek",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The static name of a date-part operator.
pub(super) fn part_name(name: &str) -> Option<&'static str> {
    PARTS.iter().copied().find(|p| *p == name)
}

/// Whether `op` is a date-part operator.
pub(super) fn is_part(op: &str) -> bool {
    part_name(op).is_some()
}

/// Calendar fields of one instant.
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
    /// 0 = Sunday.
    weekday: i64,
    /// 1-based.
    day_of_year: i64,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(ms: i64) -> Civil {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        millis: rem % 1000,
        weekday: (days + 4).rem_euclid(7),
        day_of_year: days - days_from_civil(year, 1, 1) + 1,
    }
}

fn iso_weeks_in_year(y: i64) -> i64 {
    let p = |y: i64| (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)).rem_euclid(7);
    if p(y) == 4 || p(y - 1) == 3 { 53 } else { 52 }
}

impl Civil {
    fn iso_weekday(&self) -> i64 {
        if self.weekday == 0 { 7 } else { self.weekday }
    }

    /// ISO 8601 week-numbering year and week.
    fn iso_week(&self) -> (i64, i64) {
        let week = (self.day_of_year - self.iso_weekday() + 10) / 7;
        if week < 1 {
            (self.year - 1, iso_weeks_in_year(self.year - 1))
        } else if week > iso_weeks_in_year(self.year) {
            (self.year + 1, 1)
        } else {
            (self.year, week)
        }
    }

    /// Week of the year, weeks starting on Sunday; days before the first Sunday are week 0.
    fn week(&self) -> i64 {
        (self.day_of_year - 1 + 7 - self.weekday) / 7
    }
}

/// A date as MongoDB's default `$dateToString` and `$toString` write it.
pub(super) fn iso(ms: i64) -> String {
    format(ms, 0, "%Y-%m-%dT%H:%M:%S.%LZ").unwrap_or_default()
}

fn format(ms: i64, offset_minutes: i64, pattern: &str) -> Result<String, DbError> {
    let c = civil(ms.saturating_add(offset_minutes * 60_000));
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(code) = chars.next() else {
            return Err(DbError::bad("Unmatched '%' at end of format string"));
        };
        let (iso_year, iso_week) = c.iso_week();
        let text = match code {
            'Y' => format!("{:04}", c.year),
            'm' => format!("{:02}", c.month),
            'd' => format!("{:02}", c.day),
            'H' => format!("{:02}", c.hour),
            'M' => format!("{:02}", c.minute),
            'S' => format!("{:02}", c.second),
            'L' => format!("{:03}", c.millis),
            'j' => format!("{:03}", c.day_of_year),
            'w' => (c.weekday + 1).to_string(),
            'u' => c.iso_weekday().to_string(),
            'U' => format!("{:02}", c.week()),
            'V' => format!("{iso_week:02}"),
            'G' => format!("{iso_year:04}"),
            'b' => MONTHS[usize::try_from(c.month - 1).unwrap_or(0) % 12][..3].to_owned(),
            'B' => MONTHS[usize::try_from(c.month - 1).unwrap_or(0) % 12].to_owned(),
            'z' => {
                let sign = if offset_minutes < 0 { '-' } else { '+' };
                format!("{sign}{:02}{:02}", offset_minutes.abs() / 60, offset_minutes.abs() % 60)
            }
            'Z' => format!("{}{}", if offset_minutes < 0 { "-" } else { "+" }, offset_minutes.abs()),
            '%' => "%".to_owned(),
            other => return Err(DbError::bad(format!("Invalid format character '%{other}' in format string"))),
        };
        out.push_str(&text);
    }
    Ok(out)
}

/// Milliseconds since the epoch of a date-like value (date, timestamp, ObjectId).
fn millis(value: &Bson) -> Result<i64, DbError> {
    match value {
        Bson::DateTime(d) => Ok(d.timestamp_millis()),
        Bson::Timestamp(ts) => Ok(i64::from(ts.time) * 1000),
        Bson::ObjectId(id) => Ok(id.timestamp().timestamp_millis()),
        other => Err(DbError::bad(format!("can't convert from BSON type {} to Date", type_name(other)))),
    }
}

/// A timezone's offset in minutes: UTC names and fixed offsets (`+05:30`, `-0800`, `+03`).
fn offset(tz: &Bson) -> Result<i64, DbError> {
    let Bson::String(name) = tz else {
        return Err(DbError::bad(format!("timezone must evaluate to a string, found {}", type_name(tz))));
    };
    if matches!(name.as_str(), "UTC" | "GMT" | "Z" | "Etc/UTC" | "Etc/GMT") {
        return Ok(0);
    }
    let unsupported = || {
        DbError::Unsupported(format!(
            "timezone '{name}' is not supported by the embedded database: use UTC or a fixed offset like +05:30"
        ))
    };
    let (sign, rest) = match name.as_bytes().first() {
        Some(b'+') => (1, &name[1..]),
        Some(b'-') => (-1, &name[1..]),
        _ => return Err(unsupported()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return Err(unsupported());
    }
    let hours: i64 = digits[..2].parse().map_err(|_| unsupported())?;
    let minutes: i64 = if digits.len() == 4 { digits[2..].parse().map_err(|_| unsupported())? } else { 0 };
    Ok(sign * (hours * 60 + minutes))
}

/// `$dateToString` (`[date, format, timezone, onNull]`) and the date parts (`[date, timezone]`).
pub(super) fn named(op: &str, args: Vec<Option<Option<Bson>>>) -> Result<Option<Bson>, DbError> {
    let mut args = args.into_iter();
    let date = args.next().flatten().flatten();
    if op == "$dateToString" {
        let format_arg = args.next().flatten();
        let tz = args.next().flatten();
        let on_null = args.next().flatten();
        if nullish(&date) {
            return Ok(on_null.unwrap_or(Some(Bson::Null)));
        }
        let minutes = match &tz {
            None => 0,
            Some(t) if nullish(t) => return Ok(Some(Bson::Null)),
            Some(t) => offset(t.as_ref().unwrap_or(&Bson::Null))?,
        };
        let pattern = match &format_arg {
            None => {
                if minutes == 0 {
                    "%Y-%m-%dT%H:%M:%S.%LZ".to_owned()
                } else {
                    "%Y-%m-%dT%H:%M:%S.%L".to_owned()
                }
            }
            Some(f) if nullish(f) => return Ok(Some(Bson::Null)),
            Some(Some(Bson::String(f))) => f.clone(),
            Some(Some(other)) => {
                return Err(DbError::bad(format!(
                    "$dateToString requires that 'format' be a string, found: {} with value {}",
                    type_name(other),
                    display(other)
                )));
            }
            Some(None) => return Ok(Some(Bson::Null)),
        };
        let ms = millis(date.as_ref().unwrap_or(&Bson::Null))?;
        return Ok(Some(Bson::String(format(ms, minutes, &pattern)?)));
    }
    let tz = args.next().flatten();
    let Some(date) = date.filter(|d| !matches!(d, Bson::Null | Bson::Undefined)) else {
        return Ok(Some(Bson::Null));
    };
    let minutes = match &tz {
        None => 0,
        Some(t) if nullish(t) => return Ok(Some(Bson::Null)),
        Some(t) => offset(t.as_ref().unwrap_or(&Bson::Null))?,
    };
    let c = civil(millis(&date)?.saturating_add(minutes * 60_000));
    let value = match op {
        "$year" => c.year,
        "$month" => c.month,
        "$dayOfMonth" => c.day,
        "$hour" => c.hour,
        "$minute" => c.minute,
        "$second" => c.second,
        "$millisecond" => c.millis,
        "$dayOfWeek" => c.weekday + 1,
        "$dayOfYear" => c.day_of_year,
        "$week" => c.week(),
        "$isoWeek" => c.iso_week().1,
        "$isoWeekYear" => c.iso_week().0,
        _ => c.iso_weekday(),
    };
    Ok(Some(match i32::try_from(value) {
        Ok(n) => Bson::Int32(n),
        Err(_) => Bson::Int64(value),
    }))
}
