//! Dates as day numbers: parsing ISO 8601, ISO weeks, and writing dates back.
//!
//! A date is kept as the number of days since 1970-01-01 (a [`Day`]), so that periods,
//! windows and gaps are integer arithmetic. Only the calendar date is used: a time of day
//! and a UTC offset are checked and then set aside, so an article counts on the date its
//! source wrote (the local date of the report), not on the UTC date.

/// Days since 1970-01-01 (negative before).
pub type Day = i32;

/// Days from a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: (year, month, day).
pub fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `2025-03-14`.
pub fn format_date(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date as `2025-03-14` in JSON, `null` for none.
pub fn serialize_day<S: serde::Serializer>(day: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(d) => s.serialize_str(&format_date(*d)),
        None => s.serialize_none(),
    }
}

/// The Monday that starts the ISO week holding `day` (1970-01-01 was a Thursday).
pub fn week_start(day: Day) -> Day {
    (day + 3).div_euclid(7) * 7 - 3
}

/// The ISO week of `day` as `2025-W03`: the week belongs to the year of its Thursday.
pub fn iso_week_label(day: Day) -> String {
    let thursday = week_start(day) + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    format!("{year:04}-W{week:02}")
}

/// Reads `count` ASCII digits at `at`, or says what was expected there.
fn digits(s: &[u8], at: usize, count: usize, what: &str) -> Result<u32, String> {
    let field = s.get(at..at + count).filter(|f| f.iter().all(u8::is_ascii_digit));
    match field {
        Some(f) => Ok(f.iter().fold(0, |v, &b| v * 10 + u32::from(b - b'0'))),
        None => Err(format!(
            "expected {count} digits of {what} at character {}",
            at + 1
        )),
    }
}

/// Parses an ISO 8601 calendar date, alone or with a time of day: `2025-03-14`,
/// `20250314`, `2025-03-14T08:30`, `2025-03-14T08:30:00Z`, `2025-03-14 08:30:00.250+02:00`,
/// `2025-03-14T08:30:00-0500`. Surrounding spaces are ignored. The error says what is wrong.
pub fn parse_date(text: &[u8]) -> Result<Day, String> {
    let s = text.trim_ascii();
    if s.is_empty() {
        return Err("the date is empty".into());
    }
    let (year, month, day, rest) = if s.len() >= 8 && s[..8].iter().all(u8::is_ascii_digit) {
        // basic format, YYYYMMDD
        (
            digits(s, 0, 4, "the year")?,
            digits(s, 4, 2, "the month")?,
            digits(s, 6, 2, "the day")?,
            &s[8..],
        )
    } else {
        let year = digits(s, 0, 4, "the year")?;
        if s.get(4) != Some(&b'-') {
            return Err("expected `-` after the year".into());
        }
        let month = digits(s, 5, 2, "the month")?;
        if s.get(7) != Some(&b'-') {
            return Err("expected `-` after the month".into());
        }
        (year, month, digits(s, 8, 2, "the day")?, &s[10..])
    };
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is not 1 to 12"));
    }
    let year = year as i32;
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("{year:04}-{month:02} has no day {day}"));
    }
    check_time(rest)?;
    Ok(days_from_civil(year, month, day))
}

/// Checks what may follow the date: nothing, or `T`/space, `HH:MM[:SS[.fff]]`, then
/// optionally `Z` or an offset `±HH[:MM]`.
fn check_time(rest: &[u8]) -> Result<(), String> {
    let Some((&sep, t)) = rest.split_first() else {
        return Ok(());
    };
    if !matches!(sep, b'T' | b't' | b' ') {
        return Err(format!(
            "unexpected `{}` after the date; expected `T` or a space before a time",
            char::from(sep).escape_default()
        ));
    }
    let hour = digits(t, 0, 2, "the hour")?;
    if t.get(2) != Some(&b':') {
        return Err("expected `:` after the hour".into());
    }
    let minute = digits(t, 3, 2, "the minutes")?;
    let mut at = 5;
    let mut second = 0;
    if t.get(at) == Some(&b':') {
        second = digits(t, at + 1, 2, "the seconds")?;
        at += 3;
        if matches!(t.get(at), Some(b'.' | b',')) {
            let frac = t[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if frac == 0 {
                return Err("expected digits after the decimal point of the seconds".into());
            }
            at += 1 + frac;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!("{hour:02}:{minute:02}:{second:02} is not a time of day"));
    }
    check_offset(&t[at..])
}

/// Checks what may follow the time: nothing, `Z`, or an offset `±HH`, `±HH:MM` or `±HHMM`
/// with hours 00-23 and minutes 00-59.
fn check_offset(zone: &[u8]) -> Result<(), String> {
    let shown = || String::from_utf8_lossy(zone).into_owned();
    let not_an_offset = || {
        Err(format!(
            "`{}` after the time is not `Z` or an offset like +02:00",
            shown()
        ))
    };
    let (hours, minutes) = match zone {
        [] | [b'Z' | b'z'] => return Ok(()),
        [b'+' | b'-', h @ ..] if h.len() == 2 => (h, &h[2..]),
        [b'+' | b'-', _, _, b':', m @ ..] if m.len() == 2 => (&zone[1..3], m),
        [b'+' | b'-', hm @ ..] if hm.len() == 4 => (&hm[..2], &hm[2..]),
        _ => return not_an_offset(),
    };
    let number = |d: &[u8]| -> Option<u32> {
        d.iter()
            .try_fold(0, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    match (number(hours), number(minutes)) {
        (Some(h), Some(m)) if h <= 23 && m <= 59 => Ok(()),
        (Some(_), Some(_)) => Err(format!(
            "the offset `{}` is not one: its hours must be 00 to 23 and its minutes 00 to 59",
            shown()
        )),
        _ => not_an_offset(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_four_centuries() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for z in (-200_000..200_000).step_by(37) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert!((1..=days_in_month(y, m)).contains(&d));
        }
    }

    #[test]
    fn iso_weeks_start_on_monday_and_belong_to_their_thursday_year() {
        let d = |y, m, d| days_from_civil(y, m, d);
        assert_eq!(format_date(week_start(d(2025, 3, 14))), "2025-03-10");
        assert_eq!(week_start(d(2025, 3, 10)), d(2025, 3, 10));
        assert_eq!(format_date(week_start(d(1970, 1, 1))), "1969-12-29");
        // 2024-12-30 (Monday) starts 2025-W01; 2021-01-03 (Sunday) is in 2020-W53
        assert_eq!(iso_week_label(d(2024, 12, 31)), "2025-W01");
        assert_eq!(iso_week_label(d(2021, 1, 3)), "2020-W53");
        assert_eq!(iso_week_label(d(2025, 3, 14)), "2025-W11");
    }

    #[test]
    fn the_iso_forms_parse_to_their_calendar_date() {
        let day = days_from_civil(2025, 3, 14);
        for ok in [
            "2025-03-14",
            " 2025-03-14 ",
            "20250314",
            "2025-03-14T08:30",
            "2025-03-14T08:30:00Z",
            "2025-03-14 08:30:00",
            "2025-03-14 23:59:59.250+02:00",
            "2025-03-14T08:30:00,5-0500",
            "2025-03-14T08:30:00+05",
            "2025-03-14t08:30:00z",
            "2025-03-14T08:30:00-23:59",
            "2025-03-14T08:30:00+0000",
        ] {
            assert_eq!(parse_date(ok.as_bytes()), Ok(day), "{ok}");
        }
        assert_eq!(parse_date(b"2024-02-29"), Ok(days_from_civil(2024, 2, 29)));
    }

    #[test]
    fn bad_dates_say_what_is_wrong() {
        let e = |s: &str| parse_date(s.as_bytes()).unwrap_err();
        assert_eq!(e(""), "the date is empty");
        assert_eq!(e("2025-13-01"), "month 13 is not 1 to 12");
        assert_eq!(e("2023-02-29"), "2023-02 has no day 29");
        assert_eq!(e("14/03/2025"), "expected 4 digits of the year at character 1");
        assert_eq!(e("2025/03/14"), "expected `-` after the year");
        assert_eq!(e("2025-3-14"), "expected 2 digits of the month at character 6");
        assert_eq!(e("2025-03-14T25:00"), "25:00:00 is not a time of day");
        assert_eq!(
            e("2025-03-14T08:30 CET"),
            "` CET` after the time is not `Z` or an offset like +02:00"
        );
        assert_eq!(
            e("2025-03-14x"),
            "unexpected `x` after the date; expected `T` or a space before a time"
        );
        let offset = |o: &str| {
            format!("the offset `{o}` is not one: its hours must be 00 to 23 and its minutes 00 to 59")
        };
        assert_eq!(e("2025-03-14T08:30:00+99:99"), offset("+99:99"));
        assert_eq!(e("2025-03-14T08:30:00+25:00"), offset("+25:00"));
        assert_eq!(e("2025-03-14T08:30:00-0260"), offset("-0260"));
        assert_eq!(
            e("2025-03-14T08:30:00+2:00"),
            "`+2:00` after the time is not `Z` or an offset like +02:00"
        );
        assert_eq!(
            e("2025-03-14T08:30:00+0a"),
            "`+0a` after the time is not `Z` or an offset like +02:00"
        );
        assert_eq!(e("yesterday"), "expected 4 digits of the year at character 1");
    }
}
