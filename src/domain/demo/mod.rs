//! A realistic, deterministic demo CRM for prospects: about 500 leads from every source, six
//! months of activities, qualification answers at every level, deals in every stage with won and
//! lost history, and reps with targets for this period and the last, so every screen, the Prune
//! review and every report has something real to show.
//!
//! Everything is drawn from a seeded generator: the same seed, language, day and settings give the
//! same data. Ids start at 1; [`DemoData::renumber`] moves them onto ids the store reserved.

mod names;

use rand_core::{Rng, SeedableRng};
use rand_xorshift::XorShiftRng;

use crate::domain::forecast::{CalendarKind, Period, PeriodKind, SalesTargets, Target};
use crate::domain::pipeline::{apply_move, convert, Deal, DealFields, DealMove, PipelineConfig};
use crate::domain::qualification::{Answer, Level, Qualification, QuestionAnswer, QuestionBank};
use crate::domain::{
    Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadSource, Money,
    Timeline, Timestamp,
};
use names::Names;

/// How many leads a demo holds.
pub const DEMO_LEADS: usize = 500;

/// The seed the app uses, so every visitor sees the same demo.
pub const DEMO_SEED: u64 = 0x6b61_7269_7a00;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How far back the demo's history reaches.
const HISTORY_DAYS: i64 = 180;

/// The demo's language: names, companies, cities and currency follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoLanguage {
    English,
    Persian,
}

/// Everything a demo holds, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoData {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
    pub qualifications: Vec<Qualification>,
    pub deals: Vec<Deal>,
    pub targets: SalesTargets,
}

/// The seeded source of every choice the generator makes.
struct Dice(XorShiftRng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }

    /// True with the given chance, in percent.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1).max(1) as usize) as i64
    }
}

impl DemoData {
    /// The demo for `language` as of `now`, fitted to the team's question bank and stages.
    pub fn generate(
        seed: u64,
        language: DemoLanguage,
        now: Timestamp,
        offset_minutes: i32,
        bank: &QuestionBank,
        pipeline: &PipelineConfig,
    ) -> DemoData {
        let mut dice = Dice(XorShiftRng::seed_from_u64(seed));
        let names = Names::of(language);
        let currency = match language {
            DemoLanguage::English => Currency::Usd,
            DemoLanguage::Persian => Currency::Toman,
        };
        let reps: Vec<String> = names.reps.iter().map(|r| (*r).to_owned()).collect();
        let mut data = DemoData {
            leads: Vec::with_capacity(DEMO_LEADS),
            activities: Vec::new(),
            qualifications: Vec::new(),
            deals: Vec::new(),
            targets: targets(&mut dice, &reps, currency, language, now, offset_minutes),
        };
        for index in 0..DEMO_LEADS {
            let story = Story::draw(&mut dice, index);
            let lead = lead(
                &mut dice,
                &names,
                &reps,
                currency,
                index,
                &story,
                now,
                offset_minutes,
            );
            activities(&mut dice, &lead, &story, now, &mut data.activities);
            if let Some(answers) = qualification(&mut dice, &lead, &story, bank) {
                data.qualifications.push(answers);
            }
            if let Some(fate) = story.deal {
                let id = data.deals.len() as u64 + 1;
                if let Some(deal) = deal(
                    &mut dice,
                    &names,
                    currency,
                    &lead,
                    fate,
                    index == 6,
                    id,
                    pipeline,
                    now,
                    offset_minutes,
                ) {
                    data.deals.push(deal);
                }
            }
            data.leads.push(lead);
        }
        data
    }

    /// Moves the ids onto the ranges the store reserved: leads from `lead`, activities from
    /// `activity`, deals from `deal`.
    pub fn renumber(&mut self, lead: u64, activity: u64, deal: u64) {
        for l in &mut self.leads {
            l.id += lead - 1;
        }
        for a in &mut self.activities {
            a.id += activity - 1;
            a.lead_id += lead - 1;
        }
        for q in &mut self.qualifications {
            q.lead_id += lead - 1;
        }
        for d in &mut self.deals {
            d.id += deal - 1;
            d.lead += lead - 1;
        }
    }
}

/// What happens to a lead over its life.
struct Story {
    /// Days before now the lead arrived.
    age_days: i64,
    answers: Answers,
    deal: Option<DealFate>,
    /// Five emails and no reply: the cold-lead rule's case.
    silent: bool,
    complained: bool,
    unsubscribed: bool,
}

impl Story {
    /// Which way the lead's fields lean: towards a win (+1) for a deal that will be won, towards
    /// a loss (−1) for one that will be lost or a lead that fails a qualification level, else 0.
    /// So the demo's outcomes follow its fields, as real ones do, and the learned win
    /// probability has something to find.
    fn lean(&self) -> i8 {
        match (self.deal, self.answers) {
            (Some(DealFate::Won), _) => 1,
            (Some(DealFate::Lost), _) | (_, Answers::FailsLevel(_)) => -1,
            _ => 0,
        }
    }
}

/// A value for a field that leans with the story: with `percent` chance one of `up` (leaning
/// to a win) or `down` (to a loss), otherwise any of `all`.
fn leaning<T: Copy>(
    dice: &mut Dice,
    lean: i8,
    percent: u32,
    (up, down): (&[T], &[T]),
    all: &[T],
) -> T {
    let favoured = match lean {
        1 => up,
        -1 => down,
        _ => &[],
    };
    if !favoured.is_empty() && dice.chance(percent) {
        *dice.pick(favoured)
    } else {
        *dice.pick(all)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Answers {
    None,
    Qualified,
    /// One level fails: the lead goes to Nurture.
    FailsLevel(Level),
    /// "Will buy next year": the Lost queue.
    NextYear,
    Partial,
}

#[derive(Clone, Copy)]
enum DealFate {
    /// Open, in the stage at this position (0 = first).
    Open(usize),
    Won,
    Lost,
    OnHold,
}

impl Story {
    fn draw(dice: &mut Dice, index: usize) -> Story {
        let answers = match dice.below(100) {
            0..=34 => Answers::Qualified,
            35..=49 => Answers::FailsLevel(*dice.pick(&[
                Level::Organization,
                Level::Opportunity,
                Level::Stakeholder,
            ])),
            50..=56 => Answers::NextYear,
            57..=69 => Answers::Partial,
            _ => Answers::None,
        };
        // The first leads cover every deal outcome and every stage, so the board is never bare.
        let deal = if index < 10 {
            Some(match index {
                0..=5 => DealFate::Open(index),
                6 | 7 => DealFate::Won,
                8 => DealFate::Lost,
                _ => DealFate::OnHold,
            })
        } else if answers == Answers::Qualified && dice.chance(55) {
            Some(match dice.below(100) {
                0..=39 => DealFate::Won,
                40..=54 => DealFate::Lost,
                55..=59 => DealFate::OnHold,
                _ => DealFate::Open(dice.below(6)),
            })
        } else {
            None
        };
        Story {
            age_days: if index < 10 {
                dice.between(40, HISTORY_DAYS)
            } else {
                dice.between(0, HISTORY_DAYS)
            },
            answers: if index < 10 {
                Answers::Qualified
            } else {
                answers
            },
            deal,
            silent: deal.is_none() && dice.chance(8),
            complained: dice.chance(3),
            unsubscribed: dice.chance(3),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lead(
    dice: &mut Dice,
    names: &Names,
    reps: &[String],
    currency: Currency,
    index: usize,
    story: &Story,
    now: Timestamp,
    offset_minutes: i32,
) -> Lead {
    let id = index as u64 + 1;
    let first = dice.pick(names.first);
    let last = dice.pick(names.last);
    let company = dice.pick(names.companies);
    let created_at = now - story.age_days * DAY_MS - dice.between(0, DAY_MS / 2);
    let lean = story.lean();
    let today = Date::from_timestamp(now, offset_minutes);
    let domain = names.email_domain(company);
    let budget_unit: u64 = match currency {
        Currency::Usd | Currency::Eur => 1_000,
        Currency::Toman | Currency::Irr => 10_000_000,
    };
    Lead {
        name: format!("{first} {last}"),
        company: (*company).to_owned(),
        job_title: (*dice.pick(names.titles)).to_owned(),
        email: format!(
            "{}.{}{}@{domain}",
            names.latin(first),
            names.latin(last),
            index
        ),
        phone: format!("+98 912 {:03} {:04}", dice.below(1000), dice.below(10_000)),
        source: LeadSource::ALL[index % LeadSource::ALL.len()],
        industry: leaning(
            dice,
            lean,
            30,
            (
                &names.industries[..2],
                &names.industries[names.industries.len() - 2..],
            ),
            names.industries,
        )
        .to_owned(),
        employees: Some(*dice.pick(&[4, 8, 15, 30, 45, 80, 150, 400])),
        city: (*dice.pick(names.cities)).to_owned(),
        country: names.country.to_owned(),
        budget: dice
            .chance(match lean {
                1 => 85,
                -1 => 55,
                _ => 70,
            })
            .then(|| Money {
                amount: budget_unit * *dice.pick(&[2, 5, 8, 12, 20, 35, 60]),
                currency,
            }),
        decision_role: leaning(
            dice,
            lean,
            40,
            (
                &[DecisionRole::DecisionMaker],
                &[DecisionRole::User, DecisionRole::Unknown],
            ),
            &DecisionRole::ALL,
        ),
        need: (*dice.pick(names.needs)).to_owned(),
        timeline: if dice.chance(60) {
            Timeline::By(today.add_days(dice.between(7, 400) as i32))
        } else {
            Timeline::Unknown
        },
        journey_stage: leaning(
            dice,
            lean,
            35,
            (&[JourneyStage::Decision], &[JourneyStage::Awareness]),
            &JourneyStage::ALL,
        ),
        owner: dice.pick(reps).clone(),
        tags: if dice.chance(30) {
            vec![(*dice.pick(names.tags)).to_owned()]
        } else {
            vec![]
        },
        notes: String::new(),
        created_at,
        updated_at: created_at,
        ..Lead::blank(id)
    }
}

/// The lead's activities from its arrival until now, in time order.
fn activities(
    dice: &mut Dice,
    lead: &Lead,
    story: &Story,
    now: Timestamp,
    out: &mut Vec<Activity>,
) {
    let mut at = lead.created_at;
    let push = |kind: ActivityKind, at: Timestamp, out: &mut Vec<Activity>| {
        out.push(Activity {
            id: out.len() as u64 + 1,
            lead_id: lead.id,
            kind,
            at: at.min(now),
            notes: String::new(),
            revision: Default::default(),
        });
    };
    if story.silent {
        for _ in 0..5 {
            at += dice.between(2, 6) * DAY_MS;
            push(ActivityKind::EmailSent, at, out);
        }
        return;
    }
    const WARM: [ActivityKind; 10] = [
        ActivityKind::SiteVisit,
        ActivityKind::ContentDownload,
        ActivityKind::EmailSent,
        ActivityKind::EmailOpened,
        ActivityKind::EmailReplied,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Demo,
        ActivityKind::WebinarAttended,
        ActivityKind::FormSubmitted,
    ];
    let count = dice.between(1, 9);
    for _ in 0..count {
        at += dice.between(1, 12) * DAY_MS;
        if at > now {
            break;
        }
        push(*dice.pick(&WARM), at, out);
    }
    if story.deal.is_some() {
        push(ActivityKind::QuoteSent, at + DAY_MS, out);
    }
    if story.complained {
        push(ActivityKind::Complaint, at + 2 * DAY_MS, out);
    }
    if story.unsubscribed {
        push(ActivityKind::Unsubscribed, at + 3 * DAY_MS, out);
    }
}

fn qualification(
    dice: &mut Dice,
    lead: &Lead,
    story: &Story,
    bank: &QuestionBank,
) -> Option<Qualification> {
    if story.answers == Answers::None {
        return None;
    }
    let mut q = Qualification::new(lead.id);
    for question in &bank.questions {
        let answer = match story.answers {
            Answers::FailsLevel(level) if question.level == level && question.required => {
                Answer::No
            }
            Answers::Partial if dice.chance(40) => Answer::Unknown,
            _ => Answer::Yes,
        };
        q.answers.insert(
            question.id.clone(),
            QuestionAnswer {
                answer,
                note: String::new(),
            },
        );
    }
    q.bant.budget_exists = if lead.budget.is_some() {
        Answer::Yes
    } else {
        Answer::Unknown
    };
    q.bant.need_level = Some(dice.between(1, 3) as u8);
    if story.answers == Answers::NextYear {
        q.bant.next_year_or_later = Answer::Yes;
    }
    if story.answers == Answers::Qualified {
        q.accepted_by_sales = Some(lead.created_at + DAY_MS);
    }
    Some(q)
}

/// A deal converted from the lead and moved through the stages to its fate, each step at its
/// own time, so the history, velocity and cycle reports have real durations.
#[allow(clippy::too_many_arguments)]
fn deal(
    dice: &mut Dice,
    names: &Names,
    currency: Currency,
    lead: &Lead,
    fate: DealFate,
    close_recently: bool,
    id: u64,
    pipeline: &PipelineConfig,
    now: Timestamp,
    offset_minutes: i32,
) -> Option<Deal> {
    let mut stages: Vec<_> = pipeline.stages.iter().collect();
    stages.sort_by_key(|s| (s.order, s.id));
    let mut at = lead.created_at + dice.between(1, 5) * DAY_MS;
    let value = lead.budget.unwrap_or(Money {
        amount: match currency {
            Currency::Usd | Currency::Eur => 5_000,
            Currency::Toman | Currency::Irr => 50_000_000,
        },
        currency,
    });
    let fields = DealFields {
        title: if lead.company.is_empty() {
            lead.name.clone()
        } else {
            lead.company.clone()
        },
        value,
        probability: None,
        expected_close: Date::from_timestamp(now, offset_minutes)
            .add_days(dice.between(-20, 60) as i32),
        owner: lead.owner.clone(),
    };
    let mut deal = convert(lead, true, None, fields, pipeline, id, at.min(now)).ok()?;
    let last_stage = match fate {
        DealFate::Open(position) => position.min(stages.len().saturating_sub(1)),
        DealFate::Won => stages.len().saturating_sub(1),
        DealFate::Lost | DealFate::OnHold => dice.below(stages.len()),
    };
    let step = |dice: &mut Dice, at: &mut Timestamp| {
        *at = (*at + dice.between(2, 9) * DAY_MS).min(now);
        *at
    };
    for stage in stages.iter().take(last_stage + 1).skip(1) {
        let when = step(dice, &mut at);
        deal = apply_move(&deal, &DealMove::ToStage(stage.id), pipeline, when).ok()?;
    }
    let closing = match fate {
        DealFate::Open(_) => None,
        DealFate::Won => Some(DealMove::Win),
        DealFate::Lost => Some(DealMove::Lose((*dice.pick(names.lost_reasons)).to_owned())),
        DealFate::OnHold => Some(DealMove::Hold((*dice.pick(names.hold_reasons)).to_owned())),
    };
    if let Some(change) = closing {
        let mut when = step(dice, &mut at);
        if close_recently {
            // Won in this period: the forecast shows a win against the target from the start.
            when = when.max(now - 2 * 60 * 60 * 1000);
        }
        deal = apply_move(&deal, &change, pipeline, when).ok()?;
    }
    Some(deal)
}

/// A target per rep for this month, last month and this quarter.
fn targets(
    dice: &mut Dice,
    reps: &[String],
    currency: Currency,
    language: DemoLanguage,
    now: Timestamp,
    offset_minutes: i32,
) -> SalesTargets {
    let calendar = match language {
        DemoLanguage::English => CalendarKind::Gregorian,
        DemoLanguage::Persian => CalendarKind::Jalali,
    };
    let today = Date::from_timestamp(now, offset_minutes);
    let this_month = Period::containing(today, PeriodKind::Month, calendar);
    let last_month = Period::containing(today.add_days(-31), PeriodKind::Month, calendar);
    let quarter = Period::containing(today, PeriodKind::Quarter, calendar);
    let unit: u64 = match currency {
        Currency::Usd | Currency::Eur => 10_000,
        Currency::Toman | Currency::Irr => 100_000_000,
    };
    let mut list = Vec::new();
    for rep in reps {
        for (period, months) in [(last_month, 1), (this_month, 1), (quarter, 3)] {
            list.push(Target {
                rep: rep.clone(),
                period,
                amount: unit * months * dice.between(3, 8) as u64,
            });
        }
    }
    SalesTargets {
        currency,
        reps: reps.to_vec(),
        targets: list,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
