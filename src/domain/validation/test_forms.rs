//! Forms and strategies the validation tests share.

use proptest::prelude::*;

use super::*;
use crate::domain::Date;

pub(super) fn form(name: &str) -> LeadForm {
    LeadForm {
        name: name.to_string(),
        ..LeadForm::default()
    }
}

pub(super) fn problems(form: &LeadForm) -> Vec<(LeadField, Problem)> {
    match form.validate() {
        Ok(_) => vec![],
        Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
    }
}

pub(super) fn problem_of(form: &LeadForm, field: LeadField) -> Option<Problem> {
    problems(form)
        .into_iter()
        .find(|(f, _)| *f == field)
        .map(|(_, p)| p)
}

pub(super) fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_gregorian(y, m, d).unwrap()
}

pub(super) fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ a-zA-Z0-9@.,+()-]{0,20}",
        "[ ۰-۹٠-٩٬٫،,/-]{0,15}",
        "\\PC{0,30}",
    ]
}

prop_compose! {
    pub(super) fn any_form()(
        a in prop::collection::vec(any_text(), 19)
    ) -> LeadForm {
        let mut it = a.into_iter();
        let mut next = || it.next().unwrap();
        LeadForm {
            name: next(), company: next(), job_title: next(), email: next(), phone: next(),
            source: next(), industry: next(), employees: next(), city: next(), country: next(),
            budget: next(), currency: next(), decision_role: next(), need: next(),
            timeline: next(), journey_stage: next(), owner: next(), tags: next(), notes: next(),
        }
    }
}

/// Mostly valid values, with a little junk, so round-trip properties see many valid leads.
pub(super) fn plausible(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(valid).prop_map(str::to_string),
        1 => any_text(),
    ]
}

prop_compose! {
    pub(super) fn plausible_form()(
        name in plausible(&["Sara", " علی رضایی ", "Ali"]),
        text in plausible(&["", "Acme", " شرکت نمونه ", "x"]),
        email in plausible(&["", "sara@Example.com", "ali۱@x.ir"]),
        phone in plausible(&["", "09121234567", "+49 30 123456", "۰۲۱ ۱۲۳۴ ۵۶۷۸"]),
        source in plausible(&["", "referral", "web_form"]),
        employees in plausible(&["", "0", "1,250", "۴۵"]),
        budget in plausible(&["", "500", "۱٬۰۰۰٬۰۰۰"]),
        currency in plausible(&["", "usd", "IRR", "TOMAN"]),
        role in plausible(&["", "user", "decision_maker"]),
        timeline in plausible(&["", "2026-05-01", "۱۴۰۴/۱۲/۲۹", "1650-01-01"]),
        stage in plausible(&["", "decision"]),
        tags in plausible(&["", "vip, VIP ,hot", "مشتری،ویژه"]),
    ) -> LeadForm {
        LeadForm {
            name, company: text.clone(), job_title: text.clone(), email, phone, source,
            industry: text.clone(), employees, city: text.clone(), country: text.clone(),
            budget, currency, decision_role: role, need: text.clone(), timeline,
            journey_stage: stage, owner: text.clone(), tags, notes: text,
        }
    }
}
