/**
 * RFC 3339 date, time and datetime checks with the error wording of pydantic's parser (speedate), used for strings
 * with `format: "date" | "date-time" | "time"`. Values stay strings (TypeBox has no Date type); only the checks and
 * messages follow pydantic. Unix timestamps, which pydantic also accepts, are refused here.
 */

const ERR = {
  tooShort: "input is too short",
  extra: "unexpected extra characters at the end of the input",
  dateTimeSep: "invalid datetime separator, expected `T`, `t`, `_` or space",
  dateSep: "invalid date separator, expected `-`",
  year: "invalid character in year",
  month: "invalid character in month",
  day: "invalid character in day",
  yearTooSmall: "years before 1600 are not supported",
  monthRange: "month value is outside expected range of 1-12",
  dayRange: "day value is outside expected range",
  timeSep: "invalid time separator, expected `:`",
  hour: "invalid character in hour",
  minute: "invalid character in minute",
  second: "invalid character in second",
  hourRange: "hour value is outside expected range of 0-23",
  minuteRange: "minute value is outside expected range of 0-59",
  secondRange: "second value is outside expected range of 0-59",
  fractionTooLong: "second fraction value is more than 6 digits long",
  fractionMissing: "second fraction digits missing after `.`",
  tzSign: "invalid timezone sign",
  tzHour: "invalid timezone hour",
  tzMinute: "invalid timezone minute",
  tzMinuteRange: "timezone minute value is outside expected range of 0-59",
  tzRange: "timezone offset must be less than 24 hours",
} as const;

/** A parse failure carries speedate's explanation; success carries where parsing stopped. */
type Step = { error: string; end?: undefined; zero?: undefined } | { error?: undefined; end: number; zero: boolean };

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57 ? c - 48 : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseDatePart(s: string): Step {
  if (s.length < 10) return { error: ERR.tooShort };
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(s, i);
    if (d < 0) return { error: ERR.year };
    year = year * 10 + d;
  }
  if (year < 1600) return { error: ERR.yearTooSmall };
  if (s[4] !== "-") return { error: ERR.dateSep };
  if (digit(s, 5) < 0 || digit(s, 6) < 0) return { error: ERR.month };
  if (s[7] !== "-") return { error: ERR.dateSep };
  if (digit(s, 8) < 0 || digit(s, 9) < 0) return { error: ERR.day };
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (month < 1 || month > 12) return { error: ERR.monthRange };
  if (day < 1 || day > daysInMonth(year, month)) return { error: ERR.dayRange };
  return { end: 10, zero: true };
}

function parseTimezone(s: string, start: number): Step {
  const sign = s[start];
  if (sign === undefined) return { end: start, zero: true };
  if (sign === "Z" || sign === "z") return { end: start + 1, zero: true };
  if (sign !== "+" && sign !== "-") return { error: ERR.tzSign };
  const hours = twoDigits(s, start + 1);
  if (hours < 0) return { error: ERR.tzHour };
  let pos = start + 3;
  let minutes = 0;
  if (s[pos] === ":" || digit(s, pos) >= 0) {
    if (s[pos] === ":") pos++;
    minutes = twoDigits(s, pos);
    if (minutes < 0) return { error: ERR.tzMinute };
    if (minutes > 59) return { error: ERR.tzMinuteRange };
    pos += 2;
  }
  if (hours * 3600 + minutes * 60 >= 86_400) return { error: ERR.tzRange };
  return { end: pos, zero: true };
}

function parseTimePart(s: string, offset: number): Step {
  if (s.length - offset < 5) return { error: ERR.tooShort };
  if (digit(s, offset) < 0 || digit(s, offset + 1) < 0) return { error: ERR.hour };
  if (s[offset + 2] !== ":") return { error: ERR.timeSep };
  if (digit(s, offset + 3) < 0 || digit(s, offset + 4) < 0) return { error: ERR.minute };
  const hour = twoDigits(s, offset);
  const minute = twoDigits(s, offset + 3);
  if (hour > 23) return { error: ERR.hourRange };
  if (minute > 59) return { error: ERR.minuteRange };
  let pos = offset + 5;
  let second = 0;
  let fraction = 0;
  if (s[pos] === ":") {
    second = twoDigits(s, pos + 1);
    if (second < 0) return { error: ERR.second };
    if (second > 59) return { error: ERR.secondRange };
    pos += 3;
    if (s[pos] === "." || s[pos] === ",") {
      pos++;
      let count = 0;
      while (digit(s, pos + count) >= 0) {
        fraction = fraction * 10 + digit(s, pos + count);
        count++;
        if (count > 6) return { error: ERR.fractionTooLong };
      }
      if (count === 0) return { error: ERR.fractionMissing };
      pos += count;
    }
  }
  const tz = parseTimezone(s, pos);
  if (tz.error !== undefined) return tz;
  if (tz.end < s.length) return { error: ERR.extra };
  return { end: tz.end, zero: hour === 0 && minute === 0 && second === 0 && fraction === 0 };
}

function parseDate(s: string): Step {
  const date = parseDatePart(s);
  if (date.error !== undefined) return date;
  return s.length > 10 ? { error: ERR.extra } : date;
}

function parseDateTime(s: string): Step {
  const date = parseDatePart(s);
  if (date.error !== undefined) return date;
  const sep = s[10];
  if (sep !== "T" && sep !== "t" && sep !== " " && sep !== "_") return { error: ERR.dateTimeSep };
  return parseTimePart(s, 11);
}

export type TemporalCheck = { ok: true; value: string } | { ok: false; type: string; error?: string };

/** A `date` string: an exact date, or a datetime at midnight (then cut to its date, as pydantic keeps only the date). */
export function checkDateText(s: string): TemporalCheck {
  if (parseDate(s).error === undefined) return { ok: true, value: s };
  const dt = parseDateTime(s);
  if (dt.error !== undefined) return { ok: false, type: "date_from_datetime_parsing", error: dt.error };
  if (!dt.zero) return { ok: false, type: "date_from_datetime_inexact" };
  return { ok: true, value: s.slice(0, 10) };
}

/** A `date-time` string: a full datetime, or (pydantic's lax mode) a bare date meaning midnight. */
export function checkDateTimeText(s: string): TemporalCheck {
  if (parseDateTime(s).error === undefined) return { ok: true, value: s };
  const date = parseDate(s);
  if (date.error !== undefined) return { ok: false, type: "datetime_from_date_parsing", error: date.error };
  return { ok: true, value: s };
}

export function checkTimeText(s: string): TemporalCheck {
  const time = parseTimePart(s, 0);
  return time.error === undefined ? { ok: true, value: s } : { ok: false, type: "time_parsing", error: time.error };
}

export function temporalMessage(type: string, error: string | undefined): string {
  switch (type) {
    case "date_from_datetime_parsing":
      return `Input should be a valid date or datetime, ${error}`;
    case "datetime_from_date_parsing":
      return `Input should be a valid datetime or date, ${error}`;
    case "time_parsing":
      return `Input should be in a valid time format, ${error}`;
    default:
      return "Datetimes provided to dates should have zero time - e.g. be exact dates";
  }
}
