//! Tasks as an iCalendar file (RFC 5545) that calendar programs import: one 30-minute event per
//! task at its due time. Written here (a few lines) rather than through the `icalendar` crate,
//! which would bring a date library into the app; the tests parse every file with that crate.

use crate::domain::{format_gregorian, Date, Timestamp};

use super::Task;

const EVENT_MINUTES: i64 = 30;

/// The open tasks among `tasks` as one calendar. `label` names what each task is about (the lead
/// or deal), shown after the title.
pub fn tasks_ics<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    label: impl Fn(&Task) -> String,
    now: Timestamp,
) -> String {
    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Kariz//Tasks//EN");
    line("CALSCALE:GREGORIAN");
    for task in tasks.into_iter().filter(|t| t.is_open()) {
        line("BEGIN:VEVENT");
        line(&format!("UID:kariz-task-{}@kariz.invalid", task.id));
        line(&format!("DTSTAMP:{}", utc(now)));
        line(&format!("DTSTART:{}", utc(task.due)));
        line(&format!("DTEND:{}", utc(task.due + EVENT_MINUTES * 60_000)));
        let about = label(task);
        let summary = if about.is_empty() {
            task.title.clone()
        } else {
            format!("{} — {about}", task.title)
        };
        line(&format!("SUMMARY:{}", escape(&summary)));
        if !task.owner.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&task.owner)));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `20261202T071000Z`.
fn utc(at: Timestamp) -> String {
    let day = Date::from_timestamp(at, 0);
    let seconds = (at - day.start_timestamp()) / 1000;
    format!(
        "{}T{:02}{:02}{:02}Z",
        format_gregorian(day).replace('-', ""),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// TEXT escaping: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), CRLF-terminated.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use icalendar::{Calendar, Component};
    use proptest::prelude::*;

    use super::super::{TaskOrigin, TaskSubject};
    use super::*;

    fn task(id: u64, title: &str, due: Timestamp, done: bool) -> Task {
        Task {
            id,
            title: title.into(),
            subject: TaskSubject::Lead(1),
            owner: "Sara".into(),
            due,
            done_at: done.then_some(due),
            origin: TaskOrigin::Manual,
            created_at: 0,
        }
    }

    fn parse(text: &str) -> Calendar {
        text.parse::<Calendar>().expect("a valid iCalendar file")
    }

    #[test]
    fn open_tasks_become_events_at_their_due_time() {
        let tasks = [
            task(1, "Call back", 1_796_195_400_000, false),
            task(2, "Done", 0, true),
        ];
        let text = tasks_ics(&tasks, |_| "Arvand".into(), 1_796_195_400_000);
        assert!(text.contains("DTSTART:20261202T071000Z\r\n"), "{text}");
        assert!(text.contains("DTEND:20261202T074000Z\r\n"));
        let calendar = parse(&text);
        let events: Vec<_> = calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].get_summary(), Some("Call back — Arvand"));
        assert_eq!(events[0].get_uid(), Some("kariz-task-1@kariz.invalid"));
    }

    proptest! {
        #[test]
        fn any_title_round_trips_through_the_icalendar_crate(title in "\\PC{1,120}", about in "[a-zسارا ,;]{0,20}") {
            let text = tasks_ics(&[task(9, &title, 1_796_195_400_000, false)], |_| about.clone(), 0);
            prop_assert!(text.split("\r\n").all(|l| l.len() <= 75));
            let calendar = parse(&text);
            let event = calendar.components.iter().find_map(|c| c.as_event()).unwrap();
            let expected = if about.is_empty() { title.clone() } else { format!("{title} — {about}") };
            let expected = expected.replace('\r', "");
            prop_assert_eq!(event.get_summary(), Some(expected.as_str()));
        }
    }
}
