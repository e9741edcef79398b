//! The lead's learned win probability beside its hand-set score, and the factors behind it in
//! points; or, while there is too little closed history, how many more outcomes are needed.

use leptos::prelude::*;

use crate::domain::learning::{factor_reason, probability_percent, win_outlook, WinOutlook};
use crate::domain::qualification::QuestionBank;
use crate::domain::LeadId;
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::chart::{format_value, ValueFormat};
use crate::ui::components::{explain, needs_more_text, points_text};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::lead_insight;
use crate::ui::state::{now, use_app};

/// Factors listed on the lead page, strongest first.
const SHOWN_FACTORS: usize = 8;

#[component]
pub fn WinProbabilitySection(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let outlook = Memo::new(move |_| {
        app.learned.with(|document| {
            app.book.with(|book| {
                book.score_input(id).map(|input| {
                    win_outlook(document.as_ref(), input.lead, input.activities, now())
                })
            })
        })
    });
    let hand_score = Memo::new(move |_| lead_insight(app, id).map(|i| i.score.total));
    view! {
        <section class="card win-card" aria-labelledby="win-title">
            <h2 id="win-title">{tr("learning.title")}</h2>
            {move || {
                let lang = lang.get();
                match outlook.get()? {
                    WinOutlook::Predicted(prediction) => {
                        let hand = hand_score.get();
                        Some(app.questions.with_untracked(|bank| predicted(lang, &prediction, hand, bank)))
                    }
                    WinOutlook::NeedsMore(needs) => Some(view! {
                        <p class="win-needs-more">{needs_more_text(lang, &needs)}</p>
                    }.into_any()),
                    WinOutlook::NotTrained => Some(view! {
                        <p>{t(lang, "learning.not_trained")}</p>
                    }.into_any()),
                }
            }}
        </section>
    }
}

fn predicted(
    lang: Lang,
    prediction: &crate::domain::learning::Prediction,
    hand_score: Option<i32>,
    bank: &QuestionBank,
) -> AnyView {
    let percent = probability_percent(prediction.probability);
    let factors: Vec<_> = prediction
        .factors
        .iter()
        .take(SHOWN_FACTORS)
        .map(|factor| {
            let (key, args) = factor_reason(factor);
            let text = explain(lang, key, &args, bank);
            let positive = factor.points >= 0;
            view! {
                <li>
                    <span>{text}</span>
                    <span class="points" class:points-negative=!positive>{points_text(lang, factor.points)}</span>
                </li>
            }
        })
        .collect();
    let empty = factors.is_empty();
    view! {
        <p class="score-headline">
            <span class="score-number">{format_value(lang, ValueFormat::Percent, percent as f64)}</span>
            <span>{t(lang, "learning.chance")}</span>
        </p>
        {hand_score.map(|score| view! {
            <p class="win-hand-score">{t_with(lang, "learning.hand_score", &[("score", &signed(lang, score))])}</p>
        })}
        {empty.then(|| view! { <p>{t(lang, "learning.no_factors")}</p> })}
        <ul class="contributions" aria-label=t(lang, "learning.factors")>{factors}</ul>
    }
    .into_any()
}

/// A whole score with a true minus sign when negative.
fn signed(lang: Lang, n: i32) -> String {
    if n < 0 {
        format!("−{}", format_number(lang, n.unsigned_abs() as u64))
    } else {
        format_number(lang, n as u64)
    }
}
