//! A learned model compiled for ranking many leads: per column of
//! [`LEAD_COLUMNS`](super::LEAD_COLUMNS), the weight of every value a [`LearnedLead`] can hold —
//! a table per choice field (source, decision role, …), a hash table from [`ValueKey`] per free-text
//! field, bins per number — so a lead's probability is fifteen lookups, their sum and a sigmoid.
//!
//! It gives the same number as [`LearnedModel::probability_of_cells`] of the lead's
//! [`lead_cells`](super::lead_cells) (property-tested): the same weights, added in the same
//! column order. A column the encoder ignores, or does not have, adds 0, which changes no sum but
//! the sign of a zero, and the sigmoid of either zero is ½.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::encoder::{ColumnCode, EncodedColumn};
use super::history::LEAD_COLUMNS;
use super::learned_model::LearnedModel;
use super::linear::sigmoid;
use super::prepared::{LearnedLead, ValueKey};
use crate::domain::{Activity, Currency, DecisionRole, JourneyStage, LeadSource, Timestamp};

/// The model as weights by prepared value; build with [`CompiledLearnedModel::new`] after each
/// training (a few microseconds per value the model knows).
#[derive(Clone, Debug)]
pub struct CompiledLearnedModel {
    bias: f64,
    /// By `LeadSource as usize`.
    source: Vec<f64>,
    industry: ColumnWeights,
    employees: ColumnWeights,
    city: ColumnWeights,
    country: ColumnWeights,
    budget: ColumnWeights,
    /// By `Currency as usize`; the last is no budget (a missing currency).
    currency: Vec<f64>,
    /// By `DecisionRole as usize`.
    decision_role: Vec<f64>,
    need: ColumnWeights,
    /// Unknown, known.
    timeline: [f64; 2],
    /// By `JourneyStage as usize`.
    journey_stage: Vec<f64>,
    job_title: ColumnWeights,
    calls: ColumnWeights,
    meetings: ColumnWeights,
    emails_unanswered: ColumnWeights,
}

impl CompiledLearnedModel {
    /// Reads the model's columns in [`LEAD_COLUMNS`](super::LEAD_COLUMNS) order, by position, as
    /// [`LearnedModel::probability_of_cells`] of [`lead_cells`](super::lead_cells) does.
    pub fn new(model: &LearnedModel) -> CompiledLearnedModel {
        let column = |name: &str| {
            let index = LEAD_COLUMNS.iter().position(|c| *c == name);
            ColumnWeights::new(model, index.expect("a lead column"))
        };
        let [source, currency, decision_role, timeline, journey_stage] = [
            "source",
            "currency",
            "decision_role",
            "timeline",
            "journey_stage",
        ]
        .map(column);
        let mut currencies = by_variant(&Currency::ALL, |c| *c as usize, |c| c.code(), &currency);
        currencies.push(currency.missing);
        CompiledLearnedModel {
            bias: model.linear.bias,
            source: by_variant(&LeadSource::ALL, |s| *s as usize, |s| s.key(), &source),
            industry: column("industry"),
            employees: column("employees"),
            city: column("city"),
            country: column("country"),
            budget: column("budget"),
            currency: currencies,
            decision_role: by_variant(
                &DecisionRole::ALL,
                |r| *r as usize,
                |r| r.key(),
                &decision_role,
            ),
            need: column("need"),
            timeline: [
                timeline.text(ValueKey::of_text("unknown")),
                timeline.text(ValueKey::of_text("known")),
            ],
            journey_stage: by_variant(
                &JourneyStage::ALL,
                |s| *s as usize,
                |s| s.key(),
                &journey_stage,
            ),
            job_title: column("job_title"),
            calls: column("calls"),
            meetings: column("meetings"),
            emails_unanswered: column("emails_unanswered"),
        }
    }

    /// The lead's win probability with its engagement counted up to `until`; `activities` are
    /// those the lead was prepared with (read only when one is later than `until`).
    pub fn probability(
        &self,
        lead: &LearnedLead,
        activities: &[Activity],
        until: Timestamp,
    ) -> f64 {
        let engagement = lead.engagement_until(activities, until);
        let currency = lead
            .budget
            .map_or(Currency::ALL.len(), |m| m.currency as usize);
        // In LEAD_COLUMNS order: the order the features are added in.
        let weights = [
            self.source[lead.source as usize],
            self.industry.text(lead.industry),
            self.employees.number(lead.employees.map(f64::from)),
            self.city.text(lead.city),
            self.country.text(lead.country),
            self.budget.number(lead.budget.map(|m| m.amount as f64)),
            self.currency[currency],
            self.decision_role[lead.decision_role as usize],
            self.need.text(lead.need),
            self.timeline[lead.timeline_known as usize],
            self.journey_stage[lead.journey_stage as usize],
            self.job_title.text(lead.job_title),
            self.calls.number(Some(engagement.calls as f64)),
            self.meetings.number(Some(engagement.meetings as f64)),
            self.emails_unanswered
                .number(Some(engagement.emails_unanswered as f64)),
        ];
        sigmoid(self.bias + weights.into_iter().sum::<f64>())
    }
}

/// A choice field's weights, indexed by the variant's discriminant: the weight of the text the
/// lead's cell holds for it (its key).
fn by_variant<T>(
    all: &[T],
    index: impl Fn(&T) -> usize,
    key: impl Fn(&T) -> &'static str,
    column: &ColumnWeights,
) -> Vec<f64> {
    let mut table = vec![0.0; all.len()];
    for variant in all {
        table[index(variant)] = column.text(ValueKey::of_text(key(variant)));
    }
    table
}

/// Hashes a [`ValueKey`] by the key itself, which is already a hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// One column's weights, by what a prepared lead holds for it. All 0 for a column the encoder
/// ignores or does not have.
#[derive(Clone, Debug, Default)]
struct ColumnWeights {
    /// A missing cell.
    missing: f64,
    /// Text values the column knows (categorical columns only).
    texts: HashMap<u64, f64, BuildHasherDefault<KeyHasher>>,
    /// A text value not among `texts`: "other" in a categorical column; in a numeric column
    /// (where text never trained) the missing feature, as the encoder reads it.
    other_text: f64,
    numbers: Numbers,
}

#[derive(Clone, Debug)]
enum Numbers {
    /// A numeric column: the weight of each bin, bin `i` holding `edges[i-1] <= x < edges[i]`.
    Bins { edges: Vec<f64>, weights: Vec<f64> },
    /// A categorical column: a number is the value written as `x.to_string()`; here by the
    /// number's bits (a value is one of these when it reads back as the same text), sorted.
    Values { values: Vec<(u64, f64)>, other: f64 },
}

impl Default for Numbers {
    fn default() -> Self {
        Numbers::Values {
            values: Vec::new(),
            other: 0.0,
        }
    }
}

impl ColumnWeights {
    fn new(model: &LearnedModel, index: usize) -> ColumnWeights {
        let Some(EncodedColumn { code, offset, .. }) = model.encoder.columns.get(index) else {
            return ColumnWeights::default();
        };
        let weight = |position: usize| model.linear.weights[offset + position];
        match code {
            ColumnCode::Ignored => ColumnWeights::default(),
            ColumnCode::Numeric { edges } => ColumnWeights {
                missing: weight(0),
                texts: HashMap::default(),
                other_text: weight(0),
                numbers: Numbers::Bins {
                    edges: edges.clone(),
                    weights: (0..=edges.len()).map(|bin| weight(1 + bin)).collect(),
                },
            },
            // The encoder finds a cell's text (a number as `x.to_string()`) among the sorted,
            // distinct values: value `i` is feature `2 + i`, any other text feature 1.
            ColumnCode::Categorical { values } => {
                let mut numbers: Vec<(u64, f64)> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let x = v.parse::<f64>().ok()?;
                        (x.to_string() == *v).then(|| (x.to_bits(), weight(2 + i)))
                    })
                    .collect();
                numbers.sort_by_key(|(bits, _)| *bits);
                ColumnWeights {
                    missing: weight(0),
                    texts: values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (ValueKey::of_value(v).get(), weight(2 + i)))
                        .collect(),
                    other_text: weight(1),
                    numbers: Numbers::Values {
                        values: numbers,
                        other: weight(1),
                    },
                }
            }
        }
    }

    /// The weight of a prepared text cell (`None`: missing).
    #[inline]
    fn text(&self, key: Option<ValueKey>) -> f64 {
        match key {
            None => self.missing,
            Some(key) => self
                .texts
                .get(&key.get())
                .copied()
                .unwrap_or(self.other_text),
        }
    }

    /// The weight of a number cell (`None`: missing).
    #[inline]
    fn number(&self, x: Option<f64>) -> f64 {
        let Some(x) = x else { return self.missing };
        match &self.numbers {
            Numbers::Bins { edges, weights } => weights[edges.partition_point(|edge| *edge <= x)],
            Numbers::Values { values, other } => values
                .binary_search_by_key(&x.to_bits(), |(bits, _)| *bits)
                .map_or(*other, |i| values[i].1),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::learning::encoder::Encoder;
    use crate::domain::learning::linear::LinearModel;
    use crate::domain::learning::{
        lead_cells, lead_row, train, Dataset, Evaluation, Example, Learner, TrainSettings,
        LEAD_COLUMNS,
    };
    use crate::domain::test_support::activity;
    use crate::domain::{ActivityKind, Date, Lead, Money, Timeline};

    /// Texts a lead's fields take: cases, spaces, Persian, numbers written as text, letters whose
    /// lower case is longer or depends on the word (İ, final Σ), and the choice fields' keys.
    const TEXTS: [&str; 16] = [
        "",
        "  ",
        "Software",
        " software ",
        "SOFTWARE",
        "تهران",
        " تهران",
        "5",
        "40",
        "İstanbul",
        "ΟΔΟΣ",
        "οδος",
        "Referral",
        "known",
        "usd",
        "Sales Manager",
    ];

    /// What a categorical column may know: the lower-case forms above, numbers as the encoder
    /// writes them, and values no lead's text can reach (upper case, spaces).
    const VALUES: [&str; 16] = [
        "software",
        "تهران",
        "5",
        "40",
        "900",
        "1000000",
        "i̇stanbul",
        "οδος",
        "referral",
        "decision_maker",
        "decision",
        "known",
        "unknown",
        "usd",
        "sales manager",
        "Software",
    ];

    /// Bin edges a numeric column may have (sorted), around the numbers leads hold.
    const EDGES: [f64; 7] = [0.5, 1.0, 2.0, 5.0, 40.0, 1e3, 1e6];

    fn any_lead() -> impl Strategy<Value = Lead> {
        let text = || (0..TEXTS.len()).prop_map(|i| TEXTS[i].to_string());
        let choice = |n: usize| 0..n;
        (
            (text(), text(), text(), text(), text()),
            (
                choice(LeadSource::ALL.len()),
                choice(DecisionRole::ALL.len()),
                choice(JourneyStage::ALL.len()),
                any::<bool>(),
            ),
            proptest::option::of(prop_oneof![Just(5u32), Just(40), Just(900), 0u32..2_000]),
            proptest::option::of((
                prop_oneof![Just(1_000_000u64), 0u64..5_000_000],
                choice(Currency::ALL.len()),
            )),
        )
            .prop_map(
                |(
                    (industry, city, country, need, job_title),
                    (source, role, stage, known),
                    employees,
                    budget,
                )| Lead {
                    industry,
                    city,
                    country,
                    need,
                    job_title,
                    source: LeadSource::ALL[source],
                    decision_role: DecisionRole::ALL[role],
                    journey_stage: JourneyStage::ALL[stage],
                    timeline: if known {
                        Timeline::By(Date(20_000))
                    } else {
                        Timeline::Unknown
                    },
                    employees,
                    budget: budget.map(|(amount, c)| Money {
                        amount,
                        currency: Currency::ALL[c],
                    }),
                    ..Lead::blank(1)
                },
            )
    }

    /// Activities at few distinct times (0..10), so that `now` falls before some of them.
    fn any_activities() -> impl Strategy<Value = Vec<Activity>> {
        proptest::collection::vec((0..ActivityKind::ALL.len(), 0i64..10), 0..12).prop_map(|picks| {
            picks
                .into_iter()
                .enumerate()
                .map(|(i, (kind, at))| activity(i as u64, 1, ActivityKind::ALL[kind], at))
                .collect()
        })
    }

    fn any_code() -> impl Strategy<Value = ColumnCode> {
        prop_oneof![
            Just(ColumnCode::Ignored),
            proptest::collection::btree_set(0..EDGES.len(), 0..5).prop_map(|picked| {
                ColumnCode::Numeric {
                    edges: picked.into_iter().map(|i| EDGES[i]).collect(),
                }
            }),
            proptest::collection::btree_set(0..VALUES.len(), 0..8).prop_map(|picked| {
                let mut values: Vec<String> =
                    picked.into_iter().map(|i| VALUES[i].to_string()).collect();
                values.sort();
                ColumnCode::Categorical { values }
            }),
        ]
    }

    /// A model of random codes and weights, with fewer or more columns than LEAD_COLUMNS' 15.
    fn any_model() -> impl Strategy<Value = LearnedModel> {
        (
            proptest::collection::vec(any_code(), 12..18),
            -3.0..3.0f64,
            proptest::collection::vec(-3.0..3.0f64, 200),
        )
            .prop_map(|(codes, bias, pool)| {
                let mut offset = 0;
                let columns = codes
                    .into_iter()
                    .enumerate()
                    .map(|(i, code)| {
                        let width = match &code {
                            ColumnCode::Numeric { edges } => 2 + edges.len(),
                            ColumnCode::Categorical { values } => 2 + values.len(),
                            ColumnCode::Ignored => 0,
                        };
                        let column = EncodedColumn {
                            name: format!("c{i}"),
                            code,
                            offset,
                        };
                        offset += width;
                        column
                    })
                    .collect::<Vec<_>>();
                let weights = (0..offset)
                    .map(|f| pool[f % pool.len()] * (1.0 + f as f64 / 7.0))
                    .collect();
                LearnedModel {
                    learner: Learner::Logistic,
                    baselines: vec![0.0; columns.len()],
                    encoder: Encoder {
                        columns,
                        width: offset,
                    },
                    linear: LinearModel { bias, weights },
                    won: 0,
                    lost: 0,
                    evaluation: Evaluation::default(),
                }
            })
    }

    proptest! {
        #[test]
        fn a_compiled_model_on_a_prepared_lead_gives_the_probability_of_its_cells(
            model in any_model(),
            lead in any_lead(),
            activities in any_activities(),
            now in 0i64..12,
        ) {
            let prepared = LearnedLead::new(&lead, &activities);
            let fast = CompiledLearnedModel::new(&model).probability(&prepared, &activities, now);
            let reference = model.probability_of_cells(lead_cells(&lead, &activities, now));
            prop_assert_eq!(fast.to_bits(), reference.to_bits(), "{} vs {}", fast, reference);
        }

        /// Trained models (real encoders: bins at quantiles, rare values pooled, ids ignored).
        #[test]
        fn a_trained_model_compiled_gives_the_same_probabilities(
            cases in proptest::collection::vec((any_lead(), any_activities(), any::<bool>()), 70..90),
            now in 0i64..12,
        ) {
            let examples = cases
                .iter()
                .enumerate()
                .map(|(i, (lead, activities, won))| {
                    let refs: Vec<&Activity> = activities.iter().collect();
                    Example {
                        values: lead_row(lead, &refs, 10),
                        // Enough of both outcomes to train, whatever the draw.
                        won: if i < 70 { i < 35 } else { *won },
                        closed_at: i as i64,
                        hand_score: None,
                    }
                })
                .collect();
            let history = Dataset {
                columns: LEAD_COLUMNS.iter().map(|c| c.to_string()).collect(),
                examples,
            };
            let settings = TrainSettings { min_value_count: 2, ..TrainSettings::default() };
            let model = train(&history, settings).expect("35 of each outcome");
            let compiled = CompiledLearnedModel::new(&model);
            for (lead, activities, _) in &cases {
                let prepared = LearnedLead::new(lead, activities);
                let fast = compiled.probability(&prepared, activities, now);
                let reference = model.probability_of_cells(lead_cells(lead, activities, now));
                prop_assert_eq!(fast.to_bits(), reference.to_bits(), "{} vs {}", fast, reference);
            }
        }
    }
}
