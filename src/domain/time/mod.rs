//! Days and instants: the Gregorian and Jalali calendars, dates and timestamps, and dates as typed
//! in either calendar.

pub mod calendar;
pub mod date;
pub mod date_input;
