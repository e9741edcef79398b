//! A rule (name, condition, action, on/off) and the rule set the user edits; the defaults ship as
//! data (`data/default_rules.json`) in English and Persian.

use serde::{Deserialize, Serialize};

use super::action::Action;
use super::condition::Condition;
use super::problem::{RuleProblem, RuleProblemKind};
use crate::domain::qualification::{LocalText, QuestionBank};

/// A rule's stable id: dismissals and the audit log name rules by it.
pub type RuleId = String;

/// One rule. Every field defaults, so a rule saved by an older version loads; an incomplete rule
/// loads and is refused by [`Rule::validate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rule {
    pub id: RuleId,
    pub name: LocalText,
    pub enabled: bool,
    pub condition: Condition,
    pub action: Action,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            id: String::new(),
            name: LocalText::default(),
            enabled: true,
            condition: Condition::default(),
            action: Action::FlagCold,
        }
    }
}

impl Rule {
    /// Every problem that keeps the rule from being evaluated or applied, each naming its part
    /// (`id`, `name`, `condition…`, `action…`) and the rule.
    pub fn validate(&self, bank: &QuestionBank) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        if self.id.trim().is_empty() {
            out.push(RuleProblem::new("id", RuleProblemKind::EmptyId));
        }
        if self.name.is_blank() {
            out.push(RuleProblem::new("name", RuleProblemKind::EmptyName));
        }
        out.extend(self.condition.validate(bank));
        out.extend(self.action.validate());
        for p in &mut out {
            p.rule.clone_from(&self.id);
        }
        out
    }
}

/// Every rule, in the order the Rules page and the pruning review list them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    #[serde(default = "default_rule_list")]
    pub rules: Vec<Rule>,
}

fn default_rule_list() -> Vec<Rule> {
    RuleSet::default_rules().rules
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet::default_rules()
    }
}

impl RuleSet {
    /// The eleven shipped rules (five-emails-no-reply … anti-brand).
    pub fn default_rules() -> RuleSet {
        serde_json::from_str(include_str!("../../../data/default_rules.json"))
            .expect("the default rules are valid JSON (tested)")
    }

    /// A rule set read from saved JSON.
    pub fn from_json(json: &str) -> Result<RuleSet, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The rule set as JSON, for saving.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a rule set always serialises")
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The set with the rule of the same id replaced by `rule`, in its place; `None` when no rule
    /// has that id (it was deleted meanwhile).
    pub fn with_replaced(&self, rule: Rule) -> Option<RuleSet> {
        let i = self.rules.iter().position(|r| r.id == rule.id)?;
        let mut set = self.clone();
        set.rules[i] = rule;
        Some(set)
    }

    /// Every problem of every rule, and ids used twice (at the second use). Save only when empty.
    pub fn validate(&self, bank: &QuestionBank) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            out.extend(rule.validate(bank));
            if !rule.id.trim().is_empty() && self.rules[..i].iter().any(|r| r.id == rule.id) {
                let mut p = RuleProblem::new("id", RuleProblemKind::DuplicateId);
                p.rule.clone_from(&rule.id);
                out.push(p);
            }
        }
        out
    }

    /// The enabled rules without problems: the ones evaluated.
    pub fn runnable<'a>(&'a self, bank: &'a QuestionBank) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules
            .iter()
            .filter(move |r| r.enabled && r.validate(bank).is_empty())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_parse_validate_and_have_both_languages() {
        let set = RuleSet::default_rules();
        assert_eq!(set.rules.len(), 11);
        assert_eq!(set.validate(&QuestionBank::default_bank()), vec![]);
        for rule in &set.rules {
            assert!(rule.enabled, "{}", rule.id);
            assert!(
                !rule.name.en.trim().is_empty() && !rule.name.fa.trim().is_empty(),
                "{}",
                rule.id
            );
            for (_, arg) in rule.action.args() {
                if let crate::domain::scoring::ReasonArg::Local(t) = arg {
                    assert!(
                        !t.en.trim().is_empty() && !t.fa.trim().is_empty(),
                        "{}",
                        rule.id
                    );
                }
            }
        }
        let json = set.to_json();
        assert_eq!(RuleSet::from_json(&json).unwrap(), set);
    }

    #[test]
    fn replacing_a_rule_keeps_its_place_and_others() {
        let set = RuleSet::default_rules();
        let mut edited = set.rules[3].clone();
        edited.enabled = false;
        let after = set.with_replaced(edited.clone()).unwrap();
        assert_eq!(after.rules.len(), set.rules.len());
        assert_eq!(after.rules[3], edited);
        assert_eq!(after.rules[..3], set.rules[..3]);
        assert_eq!(after.rules[4..], set.rules[4..]);
        edited.id = "gone".into();
        assert_eq!(set.with_replaced(edited), None);
    }

    #[test]
    fn a_rule_missing_fields_loads_and_each_problem_is_named() {
        let set = RuleSet::from_json(
            r#"{"rules":[{"id":"a","name":{"en":"A"}},{"id":"a","name":{"fa":"ب"},"action":{"type":"disqualify"},
               "condition":{"term":{"kind":"no_budget"}}}, {"enabled":false}]}"#,
        )
        .unwrap();
        let got: Vec<(String, String, RuleProblemKind)> = set
            .validate(&QuestionBank::default_bank())
            .into_iter()
            .map(|p| (p.rule, p.path, p.kind))
            .collect();
        use RuleProblemKind::*;
        let s = |a: &str| a.to_owned();
        assert_eq!(
            got,
            vec![
                (s("a"), s("condition"), EmptyGroup),
                (s("a"), s("action.reason"), ReasonRequired),
                (s("a"), s("id"), DuplicateId),
                (s(""), s("id"), EmptyId),
                (s(""), s("name"), EmptyName),
                (s(""), s("condition"), EmptyGroup),
            ]
        );
        assert_eq!(set.runnable(&QuestionBank::default_bank()).count(), 0);
        assert_eq!(RuleSet::from_json("{}").unwrap(), RuleSet::default_rules());
    }
}
