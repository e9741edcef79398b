//! The learned model: how well it ranks the newest closed leads against the hand-set score (ROC
//! AUC on a time-based holdout), its calibration, the strongest factors, suggested re-weights of
//! the hand-set model, retraining on demand and export as JSON.

use leptos::prelude::*;

use crate::domain::learning::{
    factor_reason, learned_auc, learner_key, reweight_reason, share_percent, CalibrationBin,
    ModelDocument, Reweight,
};
use crate::domain::qualification::QuestionBank;
use crate::i18n::{format_number, format_timestamp, localize_digits, t, t_with, Lang};
use crate::ui::chart::{format_value, ValueFormat};
use crate::ui::components::{explain, needs_more_text, points_text};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{use_app, utc_offset_minutes};

/// Factors listed as the model's strongest.
const STRONGEST: usize = 10;

#[component]
pub fn ModelReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let retraining = RwSignal::new(false);
    let retrain = move |_| {
        retraining.set(true);
        leptos::task::spawn_local(async move {
            let _ = app.retrain_model().await;
            retraining.set(false);
        });
    };
    let suggestions = Memo::new(move |_| app.suggested_reweights());
    let apply = move |reweights: Vec<Reweight>| {
        leptos::task::spawn_local(async move {
            let _ = app.apply_reweights(reweights).await;
        });
    };
    view! {
        <section class="card report" aria-labelledby="report-model">
            <h2 id="report-model">{tr("learning.model")}</h2>
            <div class="actions">
                <button type="button" on:click=retrain disabled=move || retraining.get()>{tr("learning.retrain")}</button>
                <button type="button" on:click=move |_| app.export_model()
                    disabled=move || app.learned.with(|d| d.as_ref().is_none_or(|d| d.model.is_none()))>
                    {tr("learning.export")}
                </button>
            </div>
            <p role="status">{move || retraining.get().then(|| t(lang.get(), "learning.retraining"))}</p>
            {move || {
                let lang = lang.get();
                app.learned.with(|document| app.questions.with_untracked(|bank| summary(lang, document.as_ref(), bank)))
            }}
            <h3 id="model-suggested">{tr("learning.suggested")}</h3>
            {move || {
                let lang = lang.get();
                let list = suggestions.get();
                if list.is_empty() {
                    return view! { <p>{t(lang, "learning.no_suggestions")}</p> }.into_any();
                }
                let all = list.clone();
                let bank = app.questions.get_untracked();
                view! {
                    <ul class="suggestions" aria-labelledby="model-suggested">
                        {list.into_iter().map(|reweight| {
                            let (key, args) = reweight_reason(&reweight);
                            let text = explain(lang, key, &args, &bank);
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <button type="button" on:click=move |_| apply(vec![reweight.clone()])>{t(lang, "learning.apply")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button type="button" on:click=move |_| apply(all.clone())>{t(lang, "learning.apply_all")}</button>
                }.into_any()
            }}
        </section>
    }
}

/// What the last training showed, or why there is no model.
fn summary(lang: Lang, document: Option<&ModelDocument>, bank: &QuestionBank) -> AnyView {
    let Some(document) = document else {
        return view! { <p>{t(lang, "learning.not_trained")}</p> }.into_any();
    };
    let Some(model) = &document.model else {
        return match &document.needs_more {
            Some(needs) => view! { <p>{needs_more_text(lang, needs)}</p> }.into_any(),
            None => view! { <p>{t(lang, "learning.not_trained")}</p> }.into_any(),
        };
    };
    let evaluation = &model.evaluation;
    let trained = t_with(
        lang,
        "learning.trained",
        &[
            (
                "when",
                &format_timestamp(lang, document.trained_at, utc_offset_minutes()),
            ),
            ("won", &format_number(lang, model.won as u64)),
            ("lost", &format_number(lang, model.lost as u64)),
            ("learner", t(lang, learner_key(model.learner))),
        ],
    );
    let holdout = t_with(
        lang,
        "learning.holdout",
        &[("n", &format_number(lang, evaluation.n_test as u64))],
    );
    let strongest = model
        .strongest_factors(STRONGEST)
        .into_iter()
        .map(|factor| {
            let (key, args) = factor_reason(&factor);
            let text = explain(lang, key, &args, bank);
            view! {
                <li>
                    <span>{text}</span>
                    <span class="points" class:points-negative=factor.points < 0>{points_text(lang, factor.points)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p>{trained}</p>
        <p>{holdout}</p>
        <div class="table-scroll">
            <table class="data-table">
                <caption>{t(lang, "learning.roc_auc")}</caption>
                <thead><tr>
                    <th scope="col">{t(lang, "learning.model_column")}</th>
                    <th scope="col">{t(lang, "learning.roc_auc")}</th>
                </tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{t(lang, "learning.learned_model")}</th>
                        <td class="num">{auc_text(lang, learned_auc(model))}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t(lang, "learning.hand_model")}</th>
                        <td class="num">{auc_text(lang, evaluation.hand_auc)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        {calibration_table(lang, &evaluation.calibration)}
        <h3 id="model-strongest">{t(lang, "learning.strongest")}</h3>
        <ul class="contributions" aria-labelledby="model-strongest">{strongest}</ul>
    }
    .into_any()
}

fn calibration_table(lang: Lang, bins: &[CalibrationBin]) -> impl IntoView {
    let percent =
        |share: f64| format_value(lang, ValueFormat::Percent, share_percent(share) as f64);
    let rows = bins
        .iter()
        .map(|bin| {
            let band = format!("{}–{}", percent(bin.from), percent(bin.to));
            view! {
                <tr>
                    <th scope="row">{band}</th>
                    <td class="num">{format_number(lang, bin.count as u64)}</td>
                    <td class="num">{percent(bin.mean_predicted)}</td>
                    <td class="num">{percent(bin.won_rate)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption>{t(lang, "learning.calibration")}</caption>
                <thead><tr>
                    {["learning.predicted_band", "learning.leads", "learning.mean_predicted", "learning.won_rate"]
                        .map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// An AUC to two decimals in the reader's digits, or why there is none.
fn auc_text(lang: Lang, auc: Option<f64>) -> String {
    match auc {
        Some(auc) => {
            let hundredths = (auc.clamp(0.0, 1.0) * 100.0).round() as u64;
            localize_digits(
                lang,
                &format!("{}.{:02}", hundredths / 100, hundredths % 100),
            )
        }
        None => t(lang, "learning.not_measurable").to_owned(),
    }
}
