//! Where a lead waits: worked now (Active), nurtured because it failed a level (Nurture), or set
//! aside because it buys next year or later (Lost queue).
//!
//! Rule: a failing level puts the lead in Nurture with that level and its first failing question;
//! otherwise a "next year or later" timeline puts it in the Lost queue; otherwise it is Active.
//! A failed level wins over timing: a lead that is no fit is no fit whenever it buys.

use super::{Level, Qualification, QualificationVerdict, QuestionId};
use crate::domain::scoring::ReasonArg;
use crate::domain::{Lead, Timeline, Timestamp};

/// The queue a lead is in, with the reason for Nurture and Lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Worked now; shows on Today.
    Active,
    /// Disqualified on `level`; `question` is the first deciding question answered No.
    Nurture {
        level: Level,
        question: Option<QuestionId>,
    },
    /// Buys next year or later; `timeline` is the lead's date, if the rep gave one rather than just
    /// saying so.
    Lost { timeline: Timeline },
}

impl Queue {
    /// Stable snake_case key.
    pub fn key(&self) -> &'static str {
        match self {
            Queue::Active => "active",
            Queue::Nurture { .. } => "nurture",
            Queue::Lost { .. } => "lost",
        }
    }

    /// Translation key of the queue's name.
    pub fn label_key(&self) -> &'static str {
        match self {
            Queue::Active => "qualification.queue_active",
            Queue::Nurture { .. } => "qualification.queue_nurture",
            Queue::Lost { .. } => "qualification.queue_lost",
        }
    }

    /// Translation key of the reason a lead is in this queue (none for Active).
    pub fn reason_key(&self) -> Option<&'static str> {
        match self {
            Queue::Active => None,
            Queue::Nurture {
                question: Some(_), ..
            } => Some("qualification.queue_reason_failed_question"),
            Queue::Nurture { question: None, .. } => Some("qualification.queue_reason_failed"),
            Queue::Lost {
                timeline: Timeline::By(_),
            } => Some("qualification.queue_reason_next_year_date"),
            Queue::Lost {
                timeline: Timeline::Unknown,
            } => Some("qualification.queue_reason_next_year"),
        }
    }

    /// The placeholders of [`Queue::reason_key`]'s text: `{level}` (a translation key), `{question}`
    /// (a question id: show the bank's wording), `{date}`.
    pub fn reason_args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            Queue::Active
            | Queue::Lost {
                timeline: Timeline::Unknown,
            } => vec![],
            Queue::Nurture { level, question } => {
                let mut args = vec![("level", ReasonArg::Label(level.label_key().to_owned()))];
                if let Some(q) = question {
                    args.push(("question", ReasonArg::Question(q.clone())));
                }
                args
            }
            Queue::Lost {
                timeline: Timeline::By(date),
            } => vec![("date", ReasonArg::Date(*date))],
        }
    }

    /// Whether the lead is worked now (Today, ranking).
    pub fn is_active(&self) -> bool {
        *self == Queue::Active
    }
}

/// The queue for a lead (see the module doc for the rule).
pub fn place(
    lead: &Lead,
    qualification: &Qualification,
    verdict: &QualificationVerdict,
    now: Timestamp,
) -> Queue {
    if let Some(failed) = verdict.first_failure() {
        Queue::Nurture {
            level: failed.level,
            question: failed.failing.clone(),
        }
    } else if qualification.bant.is_next_year_or_later(lead.timeline, now) {
        Queue::Lost {
            timeline: lead.timeline,
        }
    } else {
        Queue::Active
    }
}

/// How many leads are in each queue, for the lists' counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub active: usize,
    pub nurture: usize,
    pub lost: usize,
}

impl QueueCounts {
    /// Counts the queues of some leads.
    pub fn of<'a>(queues: impl IntoIterator<Item = &'a Queue>) -> QueueCounts {
        let mut counts = QueueCounts::default();
        for queue in queues {
            match queue {
                Queue::Active => counts.active += 1,
                Queue::Nurture { .. } => counts.nurture += 1,
                Queue::Lost { .. } => counts.lost += 1,
            }
        }
        counts
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::{evaluate, Answer, QuestionBank};
    use crate::domain::test_support::lead;
    use crate::domain::time::date::MS_PER_DAY;
    use crate::domain::Date;

    const NOW: Timestamp = 20_000 * MS_PER_DAY;

    fn queue(timeline: Timeline, answers: &[(&str, Answer)], said_next_year: Answer) -> Queue {
        let mut q = Qualification::new(1);
        for (id, a) in answers {
            q.set_answer(id, *a, "");
        }
        q.bant.next_year_or_later = said_next_year;
        let l = Lead {
            timeline,
            ..lead(1)
        };
        place(&l, &q, &evaluate(&QuestionBank::default_bank(), &q), NOW)
    }

    #[test]
    fn queue_placement_table() {
        let soon = Timeline::By(Date(20_030));
        let far = Timeline::By(Date(20_400));
        assert_eq!(queue(soon, &[], Answer::Unknown), Queue::Active);
        assert_eq!(
            queue(far, &[], Answer::Unknown),
            Queue::Lost { timeline: far }
        );
        assert_eq!(
            queue(Timeline::Unknown, &[], Answer::Yes),
            Queue::Lost {
                timeline: Timeline::Unknown
            }
        );
        assert_eq!(queue(far, &[], Answer::No), Queue::Active);
        let failed = Queue::Nurture {
            level: Level::Opportunity,
            question: Some("opp_challenge".into()),
        };
        assert_eq!(
            queue(soon, &[("opp_challenge", Answer::No)], Answer::Unknown),
            failed
        );
        // A failed level wins over timing.
        assert_eq!(
            queue(far, &[("opp_challenge", Answer::No)], Answer::Unknown),
            failed
        );
        // An optional question answered No does not nurture.
        assert_eq!(
            queue(soon, &[("opp_category", Answer::No)], Answer::Unknown),
            Queue::Active
        );
    }

    #[test]
    fn reasons_and_counts() {
        let nurture = Queue::Nurture {
            level: Level::Organization,
            question: Some("org_territory".into()),
        };
        assert_eq!(
            nurture.reason_key(),
            Some("qualification.queue_reason_failed_question")
        );
        assert_eq!(
            nurture.reason_args()[1],
            ("question", ReasonArg::Question("org_territory".into()))
        );
        let lost = Queue::Lost {
            timeline: Timeline::By(Date(3)),
        };
        assert_eq!(lost.reason_args(), vec![("date", ReasonArg::Date(Date(3)))]);
        let all = [Queue::Active, nurture, lost.clone(), lost];
        assert_eq!(
            QueueCounts::of(&all),
            QueueCounts {
                active: 1,
                nurture: 1,
                lost: 2
            }
        );
    }
}
