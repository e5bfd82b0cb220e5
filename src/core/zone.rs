//! The candidate's time zone, passed in like the clock: the offset from UTC at any instant.
//!
//! One offset read at start-up is wrong for every instant on the other side of a daylight-saving
//! change (an interview after the change, a card due across it). The edge therefore hands the
//! core something that answers "what is the offset at this instant" (chrono's `Local` in the
//! app), and the core never looks a zone up itself. Tests pass a fixed offset, or [`Zone::rules`]
//! with a hand-written zone.

use std::fmt;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The offset from UTC of a zone at any instant, daylight saving included.
pub trait Offsets: Send + Sync {
    fn offset_at(&self, at: DateTime<Utc>) -> FixedOffset;
}

/// A time zone: one offset all year, or the rules of a zone with daylight saving.
#[derive(Clone, Copy)]
pub enum Zone {
    Fixed(FixedOffset),
    Rules(&'static dyn Offsets),
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) => write!(f, "Fixed({offset})"),
            Zone::Rules(_) => write!(f, "Rules"),
        }
    }
}

impl Zone {
    pub fn utc() -> Self {
        Zone::Fixed(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()))
    }

    /// A zone with daylight saving, from its rules.
    pub fn rules(offsets: &'static dyn Offsets) -> Self {
        Zone::Rules(offsets)
    }

    /// The offset from UTC at `at`.
    pub fn offset_at(self, at: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::Fixed(offset) => offset,
            Zone::Rules(offsets) => offsets.offset_at(at),
        }
    }

    /// `at` on the wall clock of this zone.
    pub fn local(self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// The calendar day `at` falls on in this zone.
    pub fn day_of(self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date_naive()
    }

    /// The instant a wall-clock time names. When the clocks go back, the time happens twice and
    /// the first is taken; when they go forward, a time in the skipped hour is read as the clocks
    /// read after the jump (02:30 is 03:30), so a date with a time always names an instant.
    /// `None` only at the ends of the calendar.
    pub fn instant_of(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let as_utc = local.and_utc();
        let before = self.offset_at(as_utc.checked_sub_signed(Duration::days(1))?);
        let after = self.offset_at(as_utc.checked_add_signed(Duration::days(1))?);
        let at = |offset: FixedOffset| {
            as_utc.checked_sub_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
        };
        let valid = |offset: FixedOffset| at(offset).filter(|&t| self.offset_at(t) == offset);
        match (valid(before), valid(after)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (Some(t), None) | (None, Some(t)) => Some(t),
            (None, None) => at(before),
        }
    }
}

/// Zones with daylight saving, written out by hand so that the core's tests need no zone data.
#[cfg(test)]
pub mod test_zones {
    use chrono::{Datelike as _, NaiveDate, TimeZone as _, Weekday};

    use super::{DateTime, FixedOffset, Offsets, Utc, Zone};

    /// Central Europe (Berlin): UTC+1, and UTC+2 from 01:00 UTC on the last Sunday of March to
    /// 01:00 UTC on the last Sunday of October.
    pub struct Berlin;

    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut day = NaiveDate::from_ymd_opt(year, month + 1, 1)
            .and_then(|d| d.pred_opt())
            .expect("day");
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().expect("day");
        }
        day
    }

    impl Offsets for Berlin {
        fn offset_at(&self, at: DateTime<Utc>) -> FixedOffset {
            let change = |month| {
                Utc.from_utc_datetime(
                    &last_sunday(at.year(), month)
                        .and_hms_opt(1, 0, 0)
                        .expect("time"),
                )
            };
            let summer = at >= change(3) && at < change(10);
            FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("offset")
        }
    }

    pub fn berlin() -> Zone {
        Zone::rules(&Berlin)
    }
}

#[cfg(test)]
mod tests {
    use super::test_zones::berlin;
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("local time")
    }

    #[track_caller]
    fn case(zone: Zone, wall: &str, utc: &str) {
        let expected: DateTime<Utc> = utc.parse().expect("instant");
        assert_eq!(zone.instant_of(local(wall)), Some(expected), "{wall}");
    }

    #[test]
    fn wall_clock_times_name_instants_across_both_changes() {
        let zone = berlin();
        // 2026: clocks go forward at 02:00 on 29 March and back at 03:00 on 25 October.
        case(zone, "2026-03-28 09:00", "2026-03-28T08:00:00Z");
        case(zone, "2026-03-29 01:59", "2026-03-29T00:59:00Z");
        case(zone, "2026-03-29 02:30", "2026-03-29T01:30:00Z"); // skipped: read as 03:30
        case(zone, "2026-03-29 03:00", "2026-03-29T01:00:00Z");
        case(zone, "2026-03-29 09:00", "2026-03-29T07:00:00Z");
        case(zone, "2026-10-25 00:00", "2026-10-24T22:00:00Z");
        case(zone, "2026-10-25 02:30", "2026-10-25T00:30:00Z"); // twice: the first
        case(zone, "2026-10-25 03:00", "2026-10-25T02:00:00Z");
        case(zone, "2026-10-25 09:00", "2026-10-25T08:00:00Z");
        case(zone, "2026-10-26 00:00", "2026-10-25T23:00:00Z");
    }

    #[test]
    fn the_day_of_an_instant_follows_the_offset_of_that_instant() {
        let zone = berlin();
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("instant");
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        // 22:30 UTC is past midnight in summer (+2) but not in winter (+1).
        assert_eq!(zone.day_of(at("2026-07-01T22:30:00Z")), day("2026-07-02"));
        assert_eq!(zone.day_of(at("2026-12-01T22:30:00Z")), day("2026-12-01"));
        let fixed = Zone::Fixed(FixedOffset::east_opt(3600).expect("offset"));
        assert_eq!(
            fixed.instant_of(local("2026-07-01 09:00")),
            Some(at("2026-07-01T08:00:00Z"))
        );
    }
}
