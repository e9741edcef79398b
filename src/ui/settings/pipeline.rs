//! Pipeline settings: the stages (names in English and Persian, order, default probability, rotting
//! days; deleting a stage that holds deals asks where they go) and the sales reps with a target per
//! rep per month or quarter (Jalali months in Persian). The domain's validation decides what saves.

use leptos::prelude::*;

use crate::domain::forecast::{Period, PeriodKind, SalesTargets, Target, TargetProblem};
use crate::domain::pipeline::{
    parse_probability, PipelineConfig, StageConfig, StageId, StageProblem,
};
use crate::domain::validation::{parse_whole_number, MAX_BUDGET};
use crate::domain::{Currency, Date};
use crate::i18n::{localize_digits, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::pipeline::{all_deals, pipeline_config, sales_targets};
use crate::ui::reports::{calendar_of, period_name};
use crate::ui::state::{now, use_app, utc_offset_minutes};
use crate::workspace::{CommandError, PipelineProblem};

/// One stage as typed.
#[derive(Clone, Debug, PartialEq)]
struct StageDraft {
    id: StageId,
    en: String,
    fa: String,
    probability: String,
    rotting: String,
    /// Where the deals go if this (saved) stage is deleted; set while confirming.
    deleting: bool,
}

fn drafts_of(config: &PipelineConfig) -> Vec<StageDraft> {
    config
        .ordered()
        .into_iter()
        .map(|s| StageDraft {
            id: s.id,
            en: s.name_en.clone(),
            fa: s.name_fa.clone(),
            probability: s.probability.to_string(),
            rotting: s.rotting_days.to_string(),
            deleting: false,
        })
        .collect()
}

/// The message for a row problem: "Stage 2: …".
fn row_message(lang: Lang, row: usize, message: &str) -> String {
    t_with(
        lang,
        "stage_settings.row",
        &[
            ("row", &localize_digits(lang, &(row + 1).to_string())),
            ("message", message),
        ],
    )
}

/// The typed stages as a configuration, or the typing problems (number fields).
fn config_of(lang: Lang, drafts: &[StageDraft]) -> Result<PipelineConfig, Vec<String>> {
    let mut errors = Vec::new();
    let mut stages = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let probability = match parse_probability(&d.probability) {
            Ok(Some(p)) => p,
            Ok(None) => {
                let field = t(lang, "stage_settings.probability");
                errors.push(row_message(
                    lang,
                    i,
                    &t_with(lang, "problem.required", &[("field", field)]),
                ));
                0
            }
            Err(problem) => {
                let field = t(lang, "stage_settings.probability");
                errors.push(row_message(
                    lang,
                    i,
                    &t_with(lang, problem.label_key(), &[("field", field)]),
                ));
                0
            }
        };
        let rotting = if d.rotting.trim().is_empty() {
            0
        } else {
            match parse_whole_number(&d.rotting, u32::MAX as u64) {
                Ok(n) => n as u32,
                Err(problem) => {
                    let field = t(lang, "stage_settings.rotting");
                    errors.push(row_message(
                        lang,
                        i,
                        &t_with(
                            lang,
                            &format!("problem.{}", problem.key()),
                            &[("field", field)],
                        ),
                    ));
                    0
                }
            }
        };
        stages.push(StageConfig {
            id: d.id,
            name_en: d.en.trim().to_string(),
            name_fa: d.fa.trim().to_string(),
            order: i as u32 + 1,
            probability,
            rotting_days: rotting,
        });
    }
    if errors.is_empty() {
        Ok(PipelineConfig { stages })
    } else {
        Err(errors)
    }
}

fn stage_problem_text(lang: Lang, config: &PipelineConfig, problem: StageProblem) -> String {
    let name = problem
        .stage()
        .and_then(|id| config.stage(id))
        .map(|s| s.name(lang == Lang::Fa).to_owned())
        .unwrap_or_default();
    t_with(lang, problem.key(), &[("stage", &name)])
}

#[component]
pub fn PipelineSettings() -> impl IntoView {
    view! {
        <StageSettings/>
        <TargetSettings/>
    }
}

#[component]
fn StageSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let saved = Memo::new(move |_| pipeline_config(app));
    let drafts = RwSignal::new(drafts_of(&saved.get_untracked()));
    // Saved stages deleted in the draft, with the stage their deals move to.
    let deletions = RwSignal::new(Vec::<(StageId, Option<StageId>)>::new());
    let targets = RwSignal::new(std::collections::HashMap::<StageId, StageId>::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let deals_in = move |id: StageId| {
        untrack(|| all_deals(app))
            .iter()
            .filter(|d| d.stage == id)
            .count()
    };

    let update = move |i: usize, f: &dyn Fn(&mut StageDraft)| {
        drafts.update(|d| {
            if let Some(row) = d.get_mut(i) {
                f(row)
            }
        })
    };
    // Typing changes the draft without redrawing the rows (the input already shows what was typed).
    let typed = move |i: usize, f: &dyn Fn(&mut StageDraft)| {
        drafts.update_untracked(|d| {
            if let Some(row) = d.get_mut(i) {
                f(row)
            }
        })
    };
    let add = move |_| {
        drafts.update(|d| {
            let next = d
                .iter()
                .map(|s| s.id)
                .chain(saved.get_untracked().stages.iter().map(|s| s.id))
                .chain(deletions.get_untracked().iter().map(|x| x.0))
                .max()
                .unwrap_or(0)
                + 1;
            d.push(StageDraft {
                id: next,
                en: String::new(),
                fa: String::new(),
                probability: "50".into(),
                rotting: "14".into(),
                deleting: false,
            });
        });
    };
    let remove = move |i: usize| {
        let Some(row) = drafts.with_untracked(|d| d.get(i).cloned()) else {
            return;
        };
        let is_saved = saved.with_untracked(|c| c.stage(row.id).is_some());
        let held = if is_saved { deals_in(row.id) } else { 0 };
        if held > 0 && !row.deleting {
            update(i, &|r| r.deleting = true);
            return;
        }
        let target = targets.with_untracked(|t| t.get(&row.id).copied());
        if held > 0 && target.is_none() {
            errors.set(vec![t_with(
                lang.get_untracked(),
                "stage_delete.target_required",
                &[(
                    "count",
                    &localize_digits(lang.get_untracked(), &held.to_string()),
                )],
            )]);
            return;
        }
        if is_saved {
            deletions.update(|d| d.push((row.id, target)));
        }
        drafts.update(|d| {
            d.remove(i);
        });
        errors.set(Vec::new());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let typed = drafts.get_untracked();
        let config = match config_of(lang, &typed) {
            Ok(c) => c,
            Err(list) => return errors.set(list),
        };
        if let Err(problems) = config.validate() {
            return errors.set(
                problems
                    .into_iter()
                    .map(|p| stage_problem_text(lang, &config, p))
                    .collect(),
            );
        }
        errors.set(Vec::new());
        let removed = deletions.get_untracked();
        let saved_config = config.clone();
        leptos::task::spawn_local(async move {
            match app.save_pipeline(saved_config, removed).await {
                Ok(()) => {
                    deletions.set(Vec::new());
                    drafts.set(drafts_of(&config));
                }
                Err(CommandError::Invalid(problems)) => errors.set(
                    problems
                        .into_iter()
                        .map(|p| match p {
                            PipelineProblem::Stage(p) => stage_problem_text(lang, &config, p),
                            PipelineProblem::Delete(e) => {
                                t_with(lang, e.label_key(), &[("count", "")])
                            }
                        })
                        .collect(),
                ),
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-stages">
            <h2 id="settings-stages">{tr("stage_settings.title")}</h2>
            <p>{tr("stage_settings.help")}</p>
            <form on:submit=save novalidate=true>
                {move || {
                    let list = errors.get();
                    (!list.is_empty()).then(|| view! {
                        <div class="error-summary" role="alert">
                            <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
                {move || {
                    let lang = lang.get();
                    let rows = drafts.get();
                    let count = rows.len();
                    let others: Vec<(StageId, String)> = rows.iter().map(|r| (r.id, if (lang == Lang::Fa && !r.fa.is_empty()) || r.en.is_empty() { r.fa.clone() } else { r.en.clone() })).collect();
                    rows.into_iter().enumerate().map(|(i, row)| {
                        let legend = t_with(lang, "stage_settings.stage", &[("n", &localize_digits(lang, &(i + 1).to_string()))]);
                        let base = format!("stage-{}", row.id);
                        let input = |suffix: &str, label: &'static str, value: String, set: fn(&mut StageDraft, String)| {
                            let id = format!("{base}-{suffix}");
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{t(lang, label)}</label>
                                    <input id=id type="text" autocomplete="off" prop:value=value
                                        on:input:target=move |ev| { let v = ev.target().value(); typed(i, &|r| set(r, v.clone())); }/>
                                </div>
                            }
                        };
                        let options = others.iter().filter(|(id, _)| *id != row.id).cloned().collect::<Vec<_>>();
                        let id = row.id;
                        view! {
                            <fieldset class="stage-row">
                                <legend>{legend}</legend>
                                <div class="form-grid">
                                    {input("en", "stage_settings.name_en", row.en.clone(), |r, v| r.en = v)}
                                    {input("fa", "stage_settings.name_fa", row.fa.clone(), |r, v| r.fa = v)}
                                    {input("probability", "stage_settings.probability", row.probability.clone(), |r, v| r.probability = v)}
                                    {input("rotting", "stage_settings.rotting", row.rotting.clone(), |r, v| r.rotting = v)}
                                </div>
                                {row.deleting.then(|| {
                                    let select_id = format!("{base}-target");
                                    view! {
                                        <div class="field">
                                            <label for=select_id.clone()>{t(lang, "stage_settings.move_deals_to")}</label>
                                            <select id=select_id on:change:target=move |ev| {
                                                let v = ev.target().value().parse::<StageId>().ok();
                                                targets.update(|t| { match v { Some(v) => { t.insert(id, v); } None => { t.remove(&id); } } });
                                            }>
                                                <option value="">{t(lang, "stage_settings.choose_stage")}</option>
                                                {options.into_iter().map(|(o, name)| view! { <option value=o.to_string()>{name}</option> }).collect_view()}
                                            </select>
                                        </div>
                                    }
                                })}
                                <div class="actions">
                                    <button type="button" disabled=i == 0 on:click=move |_| drafts.update(|d| d.swap(i, i - 1))>{t(lang, "stage_settings.move_up")}</button>
                                    <button type="button" disabled=i + 1 == count on:click=move |_| drafts.update(|d| d.swap(i, i + 1))>{t(lang, "stage_settings.move_down")}</button>
                                    <button type="button" class="danger" on:click=move |_| remove(i)>{t(lang, "stage_settings.delete")}</button>
                                </div>
                            </fieldset>
                        }
                    }).collect_view()
                }}
                <div class="actions">
                    <button type="button" on:click=add>{tr("stage_settings.add")}</button>
                    <button type="submit" class="primary">{tr("stage_settings.save")}</button>
                </div>
            </form>
        </section>
    }
}

/// One target as typed.
#[derive(Clone, Debug, PartialEq)]
struct TargetDraft {
    rep: String,
    period: String,
    amount: String,
}

fn target_problem_text(lang: Lang, problem: TargetProblem) -> String {
    let row = match problem {
        TargetProblem::EmptyRep(i)
        | TargetProblem::RepTooLong(i)
        | TargetProblem::DuplicateRep(i) => t_with(
            lang,
            "target_settings.rep_row",
            &[("row", &localize_digits(lang, &(i + 1).to_string()))],
        ),
        TargetProblem::UnknownRep(i)
        | TargetProblem::DuplicateTarget(i)
        | TargetProblem::AmountTooLarge(i) => t_with(
            lang,
            "target_settings.target_row",
            &[("row", &localize_digits(lang, &(i + 1).to_string()))],
        ),
    };
    format!("{row}: {}", t(lang, problem.label_key()))
}

/// The periods offered for a target: from two before the current one to twelve after.
fn period_choices(lang: Lang, kind: PeriodKind) -> Vec<Period> {
    let today = Date::from_timestamp(now(), utc_offset_minutes());
    let current = Period::containing(today, kind, calendar_of(lang));
    let first = current.prev().prev();
    std::iter::successors(Some(first), |p| Some(p.next()))
        .take(15)
        .collect()
}

#[component]
fn TargetSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let saved = sales_targets(app);
    let currency = RwSignal::new(saved.currency.code().to_string());
    let reps = RwSignal::new(saved.reps.clone());
    let rows = RwSignal::new(
        saved
            .targets
            .iter()
            .map(|t| TargetDraft {
                rep: t.rep.clone(),
                period: t.period.key(),
                amount: t.amount.to_string(),
            })
            .collect::<Vec<_>>(),
    );
    let kind = RwSignal::new(PeriodKind::Month);
    let errors = RwSignal::new(Vec::<String>::new());
    // Bumped when a rep's name is settled, so the targets' rep choices follow without redrawing the reps.
    let rep_names_changed = RwSignal::new(0u32);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let mut problems = Vec::new();
        let mut targets = Vec::new();
        for (i, row) in rows.get_untracked().iter().enumerate() {
            let label = t_with(
                lang,
                "target_settings.target_row",
                &[("row", &localize_digits(lang, &(i + 1).to_string()))],
            );
            let amount = match parse_whole_number(&row.amount, MAX_BUDGET) {
                Ok(a) => a,
                Err(p) => {
                    let field = t(lang, "target_settings.amount");
                    problems.push(format!(
                        "{label}: {}",
                        t_with(lang, &format!("problem.{}", p.key()), &[("field", field)])
                    ));
                    0
                }
            };
            match Period::from_key(&row.period) {
                Some(period) => targets.push(Target {
                    rep: row.rep.clone(),
                    period,
                    amount,
                }),
                None => problems.push(format!(
                    "{label}: {}",
                    t(lang, "target_settings.choose_period")
                )),
            }
        }
        if !problems.is_empty() {
            return errors.set(problems);
        }
        let currency = Currency::from_code(&currency.get_untracked()).unwrap_or(Currency::Toman);
        let targets = SalesTargets {
            currency,
            reps: reps.get_untracked(),
            targets,
        };
        if let Err(list) = targets.validate() {
            return errors.set(
                list.into_iter()
                    .map(|p| target_problem_text(lang, p))
                    .collect(),
            );
        }
        errors.set(Vec::new());
        leptos::task::spawn_local(async move {
            let _ = app.save_targets(targets).await;
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-targets">
            <h2 id="settings-targets">{tr("target_settings.title")}</h2>
            <p>{tr("target_settings.help")}</p>
            <form on:submit=save novalidate=true>
                {move || {
                    let list = errors.get();
                    (!list.is_empty()).then(|| view! {
                        <div class="error-summary" role="alert">
                            <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
                <div class="field">
                    <label for="targets-currency">{tr("target_settings.currency")}</label>
                    <select id="targets-currency" on:change:target=move |ev| currency.set(ev.target().value())>
                        {move || {
                            let lang = lang.get();
                            Currency::ALL.into_iter().map(|c| {
                                let code = c.code().to_string();
                                let selected = currency.get() == code;
                                view! { <option value=code.clone() selected=selected>{t(lang, &format!("currency.{code}"))}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <fieldset>
                    <legend>{tr("target_settings.reps")}</legend>
                    {move || {
                        let lang = lang.get();
                        reps.get().into_iter().enumerate().map(|(i, rep)| {
                            let id = format!("rep-{i}");
                            let label = t_with(lang, "target_settings.rep_row", &[("row", &localize_digits(lang, &(i + 1).to_string()))]);
                            view! {
                                <div class="field inline-row">
                                    <label for=id.clone()>{label.clone()}</label>
                                    <input id=id type="text" autocomplete="off" prop:value=rep
                                        on:input:target=move |ev| { let v = ev.target().value(); reps.update_untracked(|r| if let Some(x) = r.get_mut(i) { *x = v }); }
                                        on:change=move |_| rep_names_changed.update(|n| *n += 1)/>
                                    <button type="button" aria-label=t_with(lang, "target_settings.remove_named", &[("name", &label)])
                                        on:click=move |_| reps.update(|r| { if i < r.len() { r.remove(i); } })>{t(lang, "target_settings.remove")}</button>
                                </div>
                            }
                        }).collect_view()
                    }}
                    <button type="button" on:click=move |_| reps.update(|r| r.push(String::new()))>{tr("target_settings.add_rep")}</button>
                </fieldset>
                <fieldset>
                    <legend>{tr("target_settings.targets")}</legend>
                    <div class="field">
                        <label for="targets-kind">{tr("reports.period")}</label>
                        <select id="targets-kind" on:change:target=move |ev| kind.set(if ev.target().value() == "quarter" { PeriodKind::Quarter } else { PeriodKind::Month })>
                            <option value="month">{tr("reports.month")}</option>
                            <option value="quarter">{tr("reports.quarter")}</option>
                        </select>
                    </div>
                    {move || {
                        let lang = lang.get();
                        rep_names_changed.track();
                        let rep_names = reps.get();
                        let choices = period_choices(lang, kind.get());
                        rows.get().into_iter().enumerate().map(|(i, row)| {
                            let n = localize_digits(lang, &(i + 1).to_string());
                            let legend = t_with(lang, "target_settings.target_row", &[("row", &n)]);
                            let mut periods: Vec<Period> = choices.clone();
                            if let Some(p) = Period::from_key(&row.period) {
                                if !periods.contains(&p) {
                                    periods.insert(0, p);
                                }
                            }
                            let (rep_id, period_id, amount_id) = (format!("target-{i}-rep"), format!("target-{i}-period"), format!("target-{i}-amount"));
                            view! {
                                <fieldset class="target-row">
                                    <legend>{legend.clone()}</legend>
                                    <div class="form-grid">
                                        <div class="field">
                                            <label for=rep_id.clone()>{t(lang, "target_settings.rep")}</label>
                                            <select id=rep_id on:change:target=move |ev| { let v = ev.target().value(); rows.update(|r| r[i].rep = v); }>
                                                <option value="">{t(lang, "target_settings.choose_rep")}</option>
                                                {rep_names.iter().map(|name| view! { <option value=name.clone() selected=*name == row.rep>{name.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for=period_id.clone()>{t(lang, "reports.period")}</label>
                                            <select id=period_id on:change:target=move |ev| { let v = ev.target().value(); rows.update(|r| r[i].period = v); }>
                                                <option value="">{t(lang, "target_settings.choose_period")}</option>
                                                {periods.into_iter().map(|p| view! { <option value=p.key() selected=p.key() == row.period>{period_name(lang, p)}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for=amount_id.clone()>{t(lang, "target_settings.amount")}</label>
                                            <input id=amount_id type="text" inputmode="numeric" autocomplete="off" prop:value=row.amount.clone()
                                                on:input:target=move |ev| { let v = ev.target().value(); rows.update_untracked(|r| r[i].amount = v); }/>
                                        </div>
                                    </div>
                                    <button type="button" aria-label=t_with(lang, "target_settings.remove_named", &[("name", &legend)])
                                        on:click=move |_| rows.update(|r| { if i < r.len() { r.remove(i); } })>{t(lang, "target_settings.remove")}</button>
                                </fieldset>
                            }
                        }).collect_view()
                    }}
                    <button type="button" on:click=move |_| rows.update(|r| r.push(TargetDraft { rep: String::new(), period: String::new(), amount: String::new() }))>{tr("target_settings.add_target")}</button>
                </fieldset>
                <button type="submit" class="primary">{tr("target_settings.save")}</button>
            </form>
        </section>
    }
}
