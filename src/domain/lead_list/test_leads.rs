//! Leads and queries the lead list's tests share.

use proptest::prelude::*;

use super::*;
use crate::domain::{JourneyStage, Lead, LeadId, LeadSource, Timestamp};

pub(super) fn lead(id: LeadId, name: &str) -> Lead {
    Lead {
        name: name.to_string(),
        created_at: id as Timestamp * 1_000,
        updated_at: id as Timestamp * 1_000,
        ..crate::domain::test_support::lead(id)
    }
}

pub(super) fn sample() -> Vec<Lead> {
    vec![
        Lead {
            company: "Acme Trading".into(),
            email: "sara@acme.ir".into(),
            phone: "+98 912 123 4567".into(),
            owner: "Reza".into(),
            source: LeadSource::Referral,
            ..lead(1, "Sara Ahmadi")
        },
        Lead {
            company: "شركة كيان".into(), // typed on an Arabic keyboard: ك and ة
            phone: "+98 21 8888 1234".into(),
            owner: "Mina".into(),
            journey_stage: JourneyStage::Decision,
            ..lead(2, "علي‌رضا كريمي")
        },
        Lead {
            company: "Globex".into(),
            phone: "+15551234567".into(),
            owner: "Reza".into(),
            ..lead(3, "john smith")
        },
        Lead {
            deleted_at: Some(9),
            owner: "Zed".into(),
            ..lead(4, "Sara Deleted")
        },
        Lead {
            company: "acme".into(),
            ..lead(5, "Bob")
        },
    ]
}

pub(super) fn names(leads: &[Lead], positions: &[usize]) -> Vec<LeadId> {
    positions.iter().map(|&i| leads[i].id).collect()
}

pub(super) fn search(leads: &[Lead], text: &str) -> Vec<LeadId> {
    let q = LeadQuery {
        text: text.into(),
        sort: SortKey::Name,
        descending: false,
        ..LeadQuery::default()
    };
    names(leads, &query_leads(leads, &SearchIndex::new(leads), &q))
}

pub(super) const WORDS: [&str; 10] = [
    "sara", "Sara", "علي", "علی", "acme", "ACME", "کیان", "كيان", "bob", "رضا",
];

prop_compose! {
    pub(super) fn any_lead(id: LeadId)(
        name in prop::sample::select(&WORDS[..]),
        last in prop::sample::select(&WORDS[..]),
        company in prop::sample::select(&WORDS[..]),
        mobile in 0u32..1000,
        owner in prop::sample::select(&["", "Reza", "Mina", "reza"][..]),
        source in prop::sample::select(&LeadSource::ALL[..]),
        stage in prop::sample::select(&JourneyStage::ALL[..]),
        deleted in prop::bool::weighted(0.2),
        updated in 0i64..5,
        email in prop::sample::select(&["", "sara.12@acme1.ir", "x(0912)-100@b.c", "+98.912@00.x", "1404 acme"][..]),
    ) -> Lead {
        Lead {
            company: company.to_string(),
            email: email.to_string(),
            phone: format!("+98 912 000 {mobile:04}"),
            owner: owner.to_string(),
            source,
            journey_stage: stage,
            deleted_at: deleted.then_some(1),
            updated_at: updated,
            ..lead(id, &format!("{name} {last}"))
        }
    }
}

pub(super) fn any_leads() -> impl Strategy<Value = Vec<Lead>> {
    (0usize..40).prop_flat_map(|n| {
        (0..n)
            .map(|i| any_lead(i as LeadId + 1))
            .collect::<Vec<_>>()
    })
}

pub(super) fn any_query() -> impl Strategy<Value = LeadQuery> {
    (
        prop::sample::select(
            &[
                "",
                "sara",
                "ACME",
                "علی",
                "كيان",
                "sara acme",
                "000 1",
                "0912 000",
                "x",
                "12",
                "(0912) 1404",
                ".12 00.",
            ][..],
        ),
        prop::option::of(prop::sample::select(&LeadSource::ALL[..])),
        prop::option::of(prop::sample::select(&["", "Reza", "Mina"][..])),
        prop::option::of(prop::sample::select(&JourneyStage::ALL[..])),
        prop::sample::select(&SortKey::ALL[..]),
        any::<bool>(),
    )
        .prop_map(|(text, source, owner, stage, sort, descending)| LeadQuery {
            text: text.to_string(),
            source,
            owner: owner.map(str::to_string),
            stage,
            sort,
            descending,
        })
}

/// One step of using the table: a query, or an edit saved through the index.
#[derive(Clone, Debug)]
pub(super) enum Step {
    Query(LeadQuery),
    Edit(Box<Lead>),
}

/// Queries as typed: prefixes of a few texts, so many extend the previous one.
pub(super) fn any_typed_query() -> impl Strategy<Value = LeadQuery> {
    (
        prop::sample::select(
            &[
                "sara acme",
                "علی كيان",
                "0912 000 1",
                "00989",
                "acme 12",
                "x",
                "12 100 acme",
                "(0912)-10 0",
            ][..],
        ),
        0usize..12,
        any_query(),
    )
        .prop_map(|(typed, len, q)| LeadQuery {
            text: typed.chars().take(len).collect(),
            ..q
        })
}

pub(super) fn any_steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            6 => any_typed_query().prop_map(Step::Query),
            2 => any_query().prop_map(Step::Query),
            1 => (1u64..45).prop_flat_map(any_lead).prop_map(|l| Step::Edit(Box::new(l))),
        ],
        1..25,
    )
}

/// The query's meaning, written out slowly and independently of the index.
pub(super) fn naive_matches(lead: &Lead, q: &LeadQuery) -> bool {
    let fields = [&lead.name, &lead.company, &lead.email].map(|f| normalize_for_search(f));
    let phone_digits: String = lead.phone.chars().filter(char::is_ascii_digit).collect();
    let national = format!("0{}", &phone_digits[2..]);
    let text = normalize_for_search(&q.text);
    let is_numeric = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c))
    };
    let all_numeric = !text.trim().is_empty() && text.split_whitespace().all(is_numeric);
    let joined: String = text.chars().filter(char::is_ascii_digit).collect();
    let joined = match joined.strip_prefix("00") {
        Some(rest) if !rest.is_empty() && !rest.starts_with('0') => rest.to_string(),
        _ => joined,
    };
    let words_match = text
        .split_whitespace()
        .all(|w| fields.iter().any(|f| f.contains(w)));
    let phone_match = all_numeric && (phone_digits.contains(&joined) || national.contains(&joined));
    !lead.is_deleted()
        && q.source.is_none_or(|s| lead.source == s)
        && q.stage.is_none_or(|s| lead.journey_stage == s)
        && q.owner.as_deref().is_none_or(|o| lead.owner == o)
        && (words_match || phone_match)
}
