//! The funnel scenario comparator: two what-if funnels (leads → qualified → contacted → won),
//! each with what a lead and a contact cost, compared on cost and yield. It makes the issue's
//! point in numbers: chasing 10 unqualified leads for 1 sale can cost more per sale than
//! qualifying 8 down to 6, contacting 4 and winning 2.
//!
//! Cost = leads × cost per lead + contacted × cost per contact; yield = won ÷ leads; cost per
//! sale = cost ÷ won.

use super::rate::Rate;
use crate::domain::validation::{parse_whole_number, MAX_BUDGET};
use crate::domain::Problem;

/// Largest count a scenario step may have.
pub const MAX_SCENARIO_COUNT: u64 = 1_000_000_000;

/// One what-if funnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FunnelScenario {
    pub leads: u64,
    pub qualified: u64,
    pub contacted: u64,
    pub won: u64,
    /// What getting one lead costs (ads, events), in any one currency for both scenarios.
    pub cost_per_lead: u64,
    /// What working one contacted lead costs (calls, meetings, demos).
    pub cost_per_contact: u64,
}

/// A scenario worked out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScenarioOutcome {
    pub total_cost: u64,
    /// Won out of leads.
    pub yield_rate: Rate,
    /// Qualified of leads, contacted of qualified, won of contacted.
    pub steps: [Rate; 3],
    /// `None` when nothing was won.
    pub cost_per_sale: Option<f64>,
}

/// Scenario `b` against scenario `a`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScenarioComparison {
    pub a: ScenarioOutcome,
    pub b: ScenarioOutcome,
    /// Sales of `b` minus sales of `a`.
    pub extra_sales: i64,
    /// Cost of `b` minus cost of `a` (negative: `b` is cheaper).
    pub cost_difference: i64,
    /// Yield of `b` minus yield of `a`, in percentage points; `None` if either has no leads.
    pub yield_points: Option<f64>,
    /// Cost per sale of `b` ÷ that of `a` (0.33 = a third); `None` if either won nothing or `a`'s
    /// sales cost nothing.
    pub cost_per_sale_ratio: Option<f64>,
}

impl FunnelScenario {
    /// The scenario's cost, yield and step rates.
    pub fn outcome(&self) -> ScenarioOutcome {
        let total = self.leads as u128 * self.cost_per_lead as u128
            + self.contacted as u128 * self.cost_per_contact as u128;
        let total_cost = u64::try_from(total).unwrap_or(u64::MAX);
        let rate = |part: u64, whole: u64| Rate::new(part as usize, whole as usize);
        ScenarioOutcome {
            total_cost,
            yield_rate: rate(self.won, self.leads),
            steps: [
                rate(self.qualified, self.leads),
                rate(self.contacted, self.qualified),
                rate(self.won, self.contacted),
            ],
            cost_per_sale: (self.won > 0).then(|| total_cost as f64 / self.won as f64),
        }
    }
}

/// Scenario `b` compared with scenario `a`.
pub fn compare(a: &FunnelScenario, b: &FunnelScenario) -> ScenarioComparison {
    let (oa, ob) = (a.outcome(), b.outcome());
    let yield_points = match (oa.yield_rate.percent(), ob.yield_rate.percent()) {
        (Some(ya), Some(yb)) => Some(yb - ya),
        _ => None,
    };
    let cost_per_sale_ratio = match (oa.cost_per_sale, ob.cost_per_sale) {
        (Some(ca), Some(cb)) if ca > 0.0 => Some(cb / ca),
        _ => None,
    };
    ScenarioComparison {
        a: oa,
        b: ob,
        extra_sales: b.won as i64 - a.won as i64,
        cost_difference: ob.total_cost as i64 - oa.total_cost as i64,
        yield_points,
        cost_per_sale_ratio,
    }
}

/// A field of the scenario form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScenarioField {
    Leads,
    Qualified,
    Contacted,
    Won,
    CostPerLead,
    CostPerContact,
}

impl ScenarioField {
    /// Every field, in form order.
    pub const ALL: [ScenarioField; 6] = [
        ScenarioField::Leads,
        ScenarioField::Qualified,
        ScenarioField::Contacted,
        ScenarioField::Won,
        ScenarioField::CostPerLead,
        ScenarioField::CostPerContact,
    ];

    /// Translation key of the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            ScenarioField::Leads => "scenario_field.leads",
            ScenarioField::Qualified => "scenario_field.qualified",
            ScenarioField::Contacted => "scenario_field.contacted",
            ScenarioField::Won => "scenario_field.won",
            ScenarioField::CostPerLead => "scenario_field.cost_per_lead",
            ScenarioField::CostPerContact => "scenario_field.cost_per_contact",
        }
    }
}

/// What is wrong with one scenario field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScenarioProblem {
    /// Not a whole number, negative, or too large (the lead form's messages).
    Number(Problem),
    /// More than the step before (more qualified than leads…): a funnel only narrows.
    MoreThanPreviousStep,
}

impl ScenarioProblem {
    /// Translation key of the message (`{field}` is the field's label).
    pub fn label_key(self) -> &'static str {
        match self {
            ScenarioProblem::Number(Problem::Negative) => "problem.negative",
            ScenarioProblem::Number(Problem::TooLarge) => "problem.too_large",
            ScenarioProblem::Number(_) => "problem.not_a_number",
            ScenarioProblem::MoreThanPreviousStep => "scenario_problem.more_than_previous_step",
        }
    }
}

/// The scenario form's fields as typed; an empty field is 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioForm {
    pub leads: String,
    pub qualified: String,
    pub contacted: String,
    pub won: String,
    pub cost_per_lead: String,
    pub cost_per_contact: String,
}

impl ScenarioForm {
    /// The scenario, or every problem in field order.
    pub fn validate(&self) -> Result<FunnelScenario, Vec<(ScenarioField, ScenarioProblem)>> {
        let mut errors = Vec::new();
        let mut number = |field, raw: &str, max| {
            if raw.trim().is_empty() {
                return 0;
            }
            parse_whole_number(raw, max).unwrap_or_else(|p| {
                errors.push((field, ScenarioProblem::Number(p)));
                0
            })
        };
        let s = FunnelScenario {
            leads: number(ScenarioField::Leads, &self.leads, MAX_SCENARIO_COUNT),
            qualified: number(
                ScenarioField::Qualified,
                &self.qualified,
                MAX_SCENARIO_COUNT,
            ),
            contacted: number(
                ScenarioField::Contacted,
                &self.contacted,
                MAX_SCENARIO_COUNT,
            ),
            won: number(ScenarioField::Won, &self.won, MAX_SCENARIO_COUNT),
            cost_per_lead: number(ScenarioField::CostPerLead, &self.cost_per_lead, MAX_BUDGET),
            cost_per_contact: number(
                ScenarioField::CostPerContact,
                &self.cost_per_contact,
                MAX_BUDGET,
            ),
        };
        let steps = [
            (ScenarioField::Qualified, s.qualified, s.leads),
            (ScenarioField::Contacted, s.contacted, s.qualified),
            (ScenarioField::Won, s.won, s.contacted),
        ];
        for (field, count, previous) in steps {
            if count > previous && !errors.iter().any(|(f, _)| *f == field) {
                errors.push((field, ScenarioProblem::MoreThanPreviousStep));
            }
        }
        if errors.is_empty() {
            Ok(s)
        } else {
            crate::domain::text::sort::sort_by_key(&mut errors, |(f, _)| *f);
            Err(errors)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The example: chase 10 leads for 1 sale, or qualify 8 → 6, contact 4, win 2. A lead
    /// costs 100 and working a contacted lead 50 in both.
    fn spray() -> FunnelScenario {
        FunnelScenario {
            leads: 10,
            qualified: 10,
            contacted: 10,
            won: 1,
            cost_per_lead: 100,
            cost_per_contact: 50,
        }
    }

    fn qualify() -> FunnelScenario {
        FunnelScenario {
            leads: 8,
            qualified: 6,
            contacted: 4,
            won: 2,
            cost_per_lead: 100,
            cost_per_contact: 50,
        }
    }

    #[test]
    fn golden_ten_leads_to_one_sale_versus_eight_six_four_two() {
        let a = spray().outcome();
        // 10 × 100 + 10 × 50 = 1,500; 1 of 10 = 10%; 1,500 per sale.
        assert_eq!(a.total_cost, 1_500);
        assert_eq!(a.yield_rate.percent(), Some(10.0));
        assert_eq!(a.cost_per_sale, Some(1_500.0));
        assert_eq!(
            a.steps,
            [Rate::new(10, 10), Rate::new(10, 10), Rate::new(1, 10)]
        );
        let b = qualify().outcome();
        // 8 × 100 + 4 × 50 = 1,000; 2 of 8 = 25%; 500 per sale.
        assert_eq!(b.total_cost, 1_000);
        assert_eq!(b.yield_rate.percent(), Some(25.0));
        assert_eq!(b.cost_per_sale, Some(500.0));
        // Steps: 6 of 8 qualified, 4 of 6 contacted, 2 of 4 won.
        assert_eq!(b.steps, [Rate::new(6, 8), Rate::new(4, 6), Rate::new(2, 4)]);
        let c = compare(&spray(), &qualify());
        assert_eq!(c.extra_sales, 1);
        assert_eq!(c.cost_difference, -500);
        assert_eq!(c.yield_points, Some(15.0));
        // 500 ÷ 1,500 = a third of the cost per sale.
        assert_eq!(c.cost_per_sale_ratio, Some(1.0 / 3.0));
    }

    #[test]
    fn nothing_won_or_no_leads_leave_the_ratios_unknown() {
        let empty = FunnelScenario::default();
        let c = compare(&empty, &qualify());
        assert_eq!((c.yield_points, c.cost_per_sale_ratio), (None, None));
        assert_eq!(empty.outcome().cost_per_sale, None);
    }

    #[test]
    fn the_form_reads_persian_digits_and_refuses_widening_funnels() {
        let form = ScenarioForm {
            leads: "۸".into(),
            qualified: "6".into(),
            contacted: "4".into(),
            won: "2".into(),
            cost_per_lead: "1,000".into(),
            cost_per_contact: "".into(),
        };
        let s = form.validate().unwrap();
        assert_eq!(
            (s.leads, s.cost_per_lead, s.cost_per_contact),
            (8, 1_000, 0)
        );
        let bad = ScenarioForm {
            qualified: "9".into(),
            won: "-1".into(),
            cost_per_lead: "a lot".into(),
            ..form
        };
        assert_eq!(
            bad.validate(),
            Err(vec![
                (
                    ScenarioField::Qualified,
                    ScenarioProblem::MoreThanPreviousStep
                ),
                (
                    ScenarioField::Won,
                    ScenarioProblem::Number(Problem::Negative)
                ),
                (
                    ScenarioField::CostPerLead,
                    ScenarioProblem::Number(Problem::NotANumber)
                ),
            ])
        );
    }
}
