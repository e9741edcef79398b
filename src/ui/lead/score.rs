//! The lead's score and where every point comes from.

use leptos::prelude::*;

use crate::domain::LeadId;
use crate::i18n::{format_number, t};
use crate::ui::components::{explain, points_text};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::lead_insight;
use crate::ui::state::use_app;

#[component]
pub fn ScoreSection(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let insight = Memo::new(move |_| lead_insight(app, id));
    view! {
        <section class="card score-card" aria-labelledby="score-title">
            <h2 id="score-title">{tr("scoring.score")}</h2>
            {move || insight.get().map(|insight| {
                let lang = lang.get();
                let bank = app.questions.get();
                let score = insight.score;
                let grade = score.grade;
                let total = if score.total < 0 {
                    format!("−{}", format_number(lang, score.total.unsigned_abs() as u64))
                } else {
                    format_number(lang, score.total as u64)
                };
                view! {
                    <p class="score-headline">
                        <span class="score-number">{total}</span>
                        <span class=format!("grade grade-{}", grade.key())>{t(lang, grade.label_key())}</span>
                    </p>
                    <ul class="contributions" aria-label=t(lang, "lead.score_contributions")>
                        {score.contributions.iter().map(|c| {
                            let text = explain(lang, c.reason.key(), &c.reason.args(), &bank);
                            let positive = c.points >= 0;
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <span class="points" class:points-negative=!positive>{points_text(lang, c.points)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}
