//! Where a lead waits instead of being worked, and why: its qualification answers (a failed level
//! → Nurture, buying next year or later → Lost queue) or an action applied from a rule (Nurture,
//! Lost queue, Disqualified). The Leads queue filter and the Nurture list both read this, so they
//! always agree.
//!
//! An applied rule action wins over the answers: it is a decision the user took on the lead, and
//! the answers are the same after it as before. Returning a lead to Active clears only the rule's
//! part; failing answers still place it.

use std::collections::{BTreeSet, HashMap};

use super::action::{Disposition, RuleState};
use super::review::RuleStates;
use crate::domain::qualification::{
    evaluate, place, LocalText, Qualification, QualificationVerdict, QuestionBank, Queue,
};
use crate::domain::scoring::ReasonArg;
use crate::domain::{Lead, LeadId, Timestamp};

/// A lead that is not Active, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// Placed by its qualification (never `Queue::Active`).
    Qualification(Queue),
    /// Moved to Nurture by an applied rule action, with its reason.
    RuleNurture(LocalText),
    /// Moved to the Lost queue by an applied rule action.
    RuleLost(LocalText),
    /// Disqualified by an applied rule action.
    RuleDisqualified(LocalText),
}

/// Translation key of the reason of a rule's action that gave none.
const NO_REASON_KEY: &str = "rules.queue_reason_rule_blank";
/// Translation key of the reason of a rule's action: `{reason}` as given.
const REASON_KEY: &str = "rules.queue_reason_rule";

impl Waiting {
    /// The queue's key, as the Leads filter names it: `nurture`, `lost` or `disqualified`.
    pub fn key(&self) -> &'static str {
        match self {
            Waiting::Qualification(queue) => queue.key(),
            Waiting::RuleNurture(_) => "nurture",
            Waiting::RuleLost(_) => "lost",
            Waiting::RuleDisqualified(_) => "disqualified",
        }
    }

    /// Translation key of the queue's name (the same name whoever put the lead there).
    pub fn label_key(&self) -> &'static str {
        match self {
            Waiting::Qualification(queue) => queue.label_key(),
            Waiting::RuleNurture(_) => "qualification.queue_nurture",
            Waiting::RuleLost(_) => "qualification.queue_lost",
            Waiting::RuleDisqualified(_) => "rules.disposition_disqualified",
        }
    }

    /// Translation key of why the lead is there.
    pub fn reason_key(&self) -> Option<&'static str> {
        match self {
            Waiting::Qualification(queue) => queue.reason_key(),
            Waiting::RuleNurture(reason)
            | Waiting::RuleLost(reason)
            | Waiting::RuleDisqualified(reason) => Some(if reason.is_blank() {
                NO_REASON_KEY
            } else {
                REASON_KEY
            }),
        }
    }

    /// The placeholders of [`Waiting::reason_key`]'s text.
    pub fn reason_args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            Waiting::Qualification(queue) => queue.reason_args(),
            Waiting::RuleNurture(reason)
            | Waiting::RuleLost(reason)
            | Waiting::RuleDisqualified(reason) => {
                if reason.is_blank() {
                    vec![]
                } else {
                    vec![("reason", ReasonArg::Local(reason.clone()))]
                }
            }
        }
    }

    /// Whether an applied rule action (rather than the answers) put the lead here.
    pub fn is_by_rule(&self) -> bool {
        !matches!(self, Waiting::Qualification(_))
    }
}

/// Places leads at one moment: holds the question bank and the verdict of a blank
/// qualification, so leads without answers cost no evaluation (build one per pass).
pub struct Placer<'a> {
    bank: &'a QuestionBank,
    blank: Qualification,
    blank_verdict: QualificationVerdict,
    now: Timestamp,
}

impl<'a> Placer<'a> {
    pub fn new(bank: &'a QuestionBank, now: Timestamp) -> Placer<'a> {
        let blank = Qualification::new(0);
        let blank_verdict = evaluate(bank, &blank);
        Placer {
            bank,
            blank,
            blank_verdict,
            now,
        }
    }

    /// Where one lead waits, if it does: the rule state's disposition when a rule moved it, else
    /// the queue its answers (none: a blank qualification) place it in.
    pub fn place(
        &self,
        lead: &Lead,
        answers: Option<&Qualification>,
        state: Option<&RuleState>,
    ) -> Option<Waiting> {
        match state.map(|s| &s.disposition) {
            Some(Disposition::Nurture { reason }) => {
                return Some(Waiting::RuleNurture(reason.clone()))
            }
            Some(Disposition::LostQueue { reason }) => {
                return Some(Waiting::RuleLost(reason.clone()))
            }
            Some(Disposition::Disqualified { reason }) => {
                return Some(Waiting::RuleDisqualified(reason.clone()))
            }
            Some(Disposition::Active) | None => {}
        }
        let queue = match answers {
            Some(q) => place(lead, q, &evaluate(self.bank, q), self.now),
            None => place(lead, &self.blank, &self.blank_verdict, self.now),
        };
        (!queue.is_active()).then_some(Waiting::Qualification(queue))
    }
}

/// Every lead (not deleted) that waits, in one pass; only the leads that wait cost an entry.
pub fn waiting_leads(
    leads: &[Lead],
    answers: &HashMap<LeadId, Qualification>,
    states: &RuleStates,
    bank: &QuestionBank,
    now: Timestamp,
) -> HashMap<LeadId, Waiting> {
    let placer = Placer::new(bank, now);
    leads
        .iter()
        .filter(|l| !l.is_deleted())
        .filter_map(|l| {
            Some((
                l.id,
                placer.place(l, answers.get(&l.id), states.get(&l.id))?,
            ))
        })
        .collect()
}

/// The leads (not deleted) in Nurture — moved there by a rule or failing a level of their
/// answers — in id order. No level fails without an answer, so only the leads with answers or a
/// rule state are looked at, not the whole book.
pub fn nurtured_leads<'a>(
    lead: impl Fn(LeadId) -> Option<&'a Lead>,
    answers: &HashMap<LeadId, Qualification>,
    states: &RuleStates,
    bank: &QuestionBank,
    now: Timestamp,
) -> Vec<(LeadId, Waiting)> {
    let placer = Placer::new(bank, now);
    let ids: BTreeSet<LeadId> =
        crate::domain::text::sort::set_of(answers.keys().chain(states.keys()).copied());
    ids.into_iter()
        .filter_map(|id| {
            let lead = lead(id).filter(|l| !l.is_deleted())?;
            let waiting = placer.place(lead, answers.get(&id), states.get(&id))?;
            (waiting.key() == "nurture").then_some((id, waiting))
        })
        .collect()
}

/// How many leads are in each queue, for the Leads filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WaitingCounts {
    pub active: usize,
    pub nurture: usize,
    pub lost: usize,
    pub disqualified: usize,
}

impl WaitingCounts {
    /// The counts, given how many open leads there are and where the waiting ones wait.
    pub fn of<'a>(
        open_leads: usize,
        waiting: impl IntoIterator<Item = &'a Waiting>,
    ) -> WaitingCounts {
        let mut counts = WaitingCounts::default();
        for w in waiting {
            match w.key() {
                "nurture" => counts.nurture += 1,
                "lost" => counts.lost += 1,
                _ => counts.disqualified += 1,
            }
        }
        counts.active =
            open_leads.saturating_sub(counts.nurture + counts.lost + counts.disqualified);
        counts
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::{Answer, Level};
    use crate::domain::test_support::lead;
    use crate::domain::time::date::MS_PER_DAY;
    use crate::domain::{Date, Timeline};

    const NOW: Timestamp = 20_000 * MS_PER_DAY;

    fn state(disposition: Disposition) -> RuleState {
        RuleState {
            disposition,
            disposition_at: Some(NOW),
            ..RuleState::default()
        }
    }

    fn failing(id: LeadId) -> Qualification {
        let mut q = Qualification::new(id);
        q.set_answer("opp_challenge", Answer::No, "");
        q
    }

    fn reason(text: &str) -> LocalText {
        LocalText::new(text, text)
    }

    #[test]
    fn each_lead_waits_where_rules_or_answers_put_it() {
        let bank = QuestionBank::default_bank();
        let far = Timeline::By(Date(20_400));
        let leads = vec![
            lead(1), // nothing: Active
            Lead {
                timeline: far,
                ..lead(2)
            }, // answers-free Lost queue by its date
            lead(3), // failed a level: Nurture
            lead(4), // rule: Nurture
            lead(5), // rule: Lost queue
            lead(6), // rule: Disqualified, over a failed level
            Lead {
                timeline: far,
                ..lead(7)
            }, // returned to Active by a rule; date still far
            lead(8), // rule state with no disposition change
            Lead {
                deleted_at: Some(NOW),
                ..lead(9)
            }, // deleted: never listed
        ];
        let answers: HashMap<LeadId, Qualification> =
            [(3, failing(3)), (6, failing(6))].into_iter().collect();
        let states: RuleStates = [
            (
                4,
                state(Disposition::Nurture {
                    reason: reason("Wrong person"),
                }),
            ),
            (
                5,
                state(Disposition::LostQueue {
                    reason: reason("Next year"),
                }),
            ),
            (
                6,
                state(Disposition::Disqualified {
                    reason: reason("inactive"),
                }),
            ),
            (7, state(Disposition::Active)),
            (
                8,
                RuleState {
                    cold_flag: true,
                    ..RuleState::default()
                },
            ),
            (
                9,
                state(Disposition::Nurture {
                    reason: reason("gone"),
                }),
            ),
        ]
        .into_iter()
        .collect();

        let waiting = waiting_leads(&leads, &answers, &states, &bank, NOW);
        let mut keys: Vec<(LeadId, &str)> = waiting.iter().map(|(id, w)| (*id, w.key())).collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                (2, "lost"),
                (3, "nurture"),
                (4, "nurture"),
                (5, "lost"),
                (6, "disqualified"),
                (7, "lost")
            ]
        );
        assert_eq!(
            waiting[&2],
            Waiting::Qualification(Queue::Lost { timeline: far })
        );
        assert_eq!(
            waiting[&3],
            Waiting::Qualification(Queue::Nurture {
                level: Level::Opportunity,
                question: Some("opp_challenge".into())
            })
        );
        assert_eq!(waiting[&4], Waiting::RuleNurture(reason("Wrong person")));
        assert_eq!(waiting[&6], Waiting::RuleDisqualified(reason("inactive")));
        assert!(waiting[&6].is_by_rule() && !waiting[&3].is_by_rule());

        // The Nurture list's shortcut finds exactly the full pass's nurtured leads.
        let mut nurtured: Vec<(LeadId, Waiting)> = waiting
            .iter()
            .filter(|(_, w)| w.key() == "nurture")
            .map(|(id, w)| (*id, w.clone()))
            .collect();
        crate::domain::text::sort::sort_by_key(&mut nurtured, |(id, _)| *id);
        let by_id = |id: LeadId| leads.iter().find(|l| l.id == id);
        assert_eq!(
            nurtured_leads(by_id, &answers, &states, &bank, NOW),
            nurtured
        );

        let counts = WaitingCounts::of(8, waiting.values());
        assert_eq!(
            counts,
            WaitingCounts {
                active: 2,
                nurture: 2,
                lost: 3,
                disqualified: 1
            }
        );
    }

    #[test]
    fn a_rule_reason_is_shown_and_a_blank_one_says_a_rule_moved_it() {
        let given = Waiting::RuleLost(reason("Budget next year"));
        assert_eq!(given.label_key(), "qualification.queue_lost");
        assert_eq!(given.reason_key(), Some(REASON_KEY));
        assert_eq!(
            given.reason_args(),
            vec![("reason", ReasonArg::Local(reason("Budget next year")))]
        );
        let blank = Waiting::RuleNurture(LocalText::default());
        assert_eq!(blank.label_key(), "qualification.queue_nurture");
        assert_eq!(blank.reason_key(), Some(NO_REASON_KEY));
        assert!(blank.reason_args().is_empty());
        assert_eq!(
            Waiting::RuleDisqualified(reason("x")).label_key(),
            "rules.disposition_disqualified"
        );
        // Qualification's own reasons pass through unchanged.
        let queue = Queue::Lost {
            timeline: Timeline::Unknown,
        };
        let q = Waiting::Qualification(queue.clone());
        assert_eq!(
            (q.key(), q.label_key(), q.reason_key()),
            (queue.key(), queue.label_key(), queue.reason_key())
        );
    }

    #[test]
    fn the_keys_it_shows_have_text_in_both_languages() {
        for key in [
            NO_REASON_KEY,
            REASON_KEY,
            "qualification.queue_nurture",
            "qualification.queue_lost",
            "rules.disposition_disqualified",
        ] {
            for lang in crate::i18n::Lang::ALL {
                // `t` debug-asserts that the key exists.
                assert!(!crate::i18n::t(lang, key).is_empty(), "{key}");
            }
        }
        for lang in crate::i18n::Lang::ALL {
            assert!(crate::i18n::t(lang, REASON_KEY).contains("{reason}"));
        }
    }
}
