//! The scoring model editor: fit criteria, engagement groups, caps and grade thresholds, typed into
//! a draft; "Preview changes" shows how many leads would change grade, "Save model" re-ranks
//! everything. Parsing and validation are the domain's (through [`ModelDraft`]).

use leptos::prelude::*;

use crate::domain::scoring::model_draft::{
    BandDraft, DraftError, DraftProblem, GroupDraft, ModelDraft, Slot, ValueDraft,
};
use crate::domain::scoring::{what_if, CompiledModel, Criterion, Grade, WhatIf, MAX_POINTS};
use crate::domain::{ActivityKind, Currency};
use crate::i18n::{format_number, localize_digits, t, t_with, Lang};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::leads::focus;
use crate::ui::links::href;
use crate::ui::state::{now, use_app};
use crate::workspace::CommandError;

/// How many of the biggest movers the preview lists.
const TOP_MOVERS: usize = 10;

/// The editor's signals, shared by its parts.
#[derive(Clone, Copy)]
struct Editor {
    draft: RwSignal<ModelDraft>,
    errors: RwSignal<Vec<DraftError>>,
}

/// Focuses an element once the view has caught up with the change that adds it.
pub(super) fn focus_later(id: String) {
    // The row may be drawn after this frame on a busy machine (Leptos renders asynchronously), so
    // try once more shortly after if focus did not land.
    let again = id.clone();
    request_animation_frame(move || focus(&id));
    set_timeout(
        move || {
            let focused = document().active_element().is_some_and(|e| e.id() == again);
            if !focused {
                focus(&again);
            }
        },
        std::time::Duration::from_millis(150),
    );
}

/// A score as the reader reads it, with a true minus sign.
fn score_text(lang: Lang, n: i32) -> String {
    let digits = format_number(lang, n.unsigned_abs() as u64);
    if n < 0 {
        format!("−{digits}")
    } else {
        digits
    }
}

/// How a band reads: "11–50", "200 or more", "up to 30", "any".
fn band_text(lang: Lang, band: &BandDraft, days: bool) -> String {
    let (min, max) = (
        localize_digits(lang, band.min.trim()),
        localize_digits(lang, band.max.trim()),
    );
    let text = match (min.is_empty(), max.is_empty()) {
        (false, false) => t_with(
            lang,
            "scoring.settings_band_between",
            &[("min", &min), ("max", &max)],
        ),
        (false, true) => t_with(lang, "scoring.settings_band_at_least", &[("min", &min)]),
        (true, false) => t_with(lang, "scoring.settings_band_at_most", &[("max", &max)]),
        (true, true) => t(lang, "scoring.settings_band_any").to_owned(),
    };
    if days {
        t_with(lang, "scoring.settings_band_days", &[("band", &text)])
    } else {
        text
    }
}

/// The name of a row of a value or band criterion: "Industry: software", "Employees 11–50".
fn row_name(lang: Lang, d: &ModelDraft, c: Criterion, row: usize) -> String {
    let criterion = t(lang, c.label_key());
    let numbered = || {
        t_with(
            lang,
            "scoring.settings_row",
            &[
                ("criterion", criterion),
                ("row", &format_number(lang, row as u64 + 1)),
            ],
        )
    };
    match c {
        Criterion::Industry | Criterion::City | Criterion::Country => {
            let first = d.values(c).get(row).and_then(|v| {
                crate::domain::scoring::model_draft::split_values(&v.values)
                    .into_iter()
                    .next()
            });
            match first {
                Some(value) => t_with(
                    lang,
                    "scoring.settings_named",
                    &[("criterion", criterion), ("value", &value)],
                ),
                None => numbered(),
            }
        }
        _ => match d.bands(c).get(row) {
            Some(band) => {
                let band_text = band_text(lang, band, c == Criterion::Timeline);
                let name = t_with(
                    lang,
                    "scoring.settings_band_name",
                    &[("criterion", criterion), ("band", &band_text)],
                );
                if c == Criterion::Budget {
                    let currency = t(lang, &format!("currency_short.{}", band.currency.code()));
                    format!("{name} {currency}")
                } else {
                    name
                }
            }
            None => numbered(),
        },
    }
}

fn group_name(lang: Lang, group: Option<&GroupDraft>) -> String {
    group
        .map(|g| {
            let name = g.name.get(lang.code());
            if name.is_empty() {
                g.id.clone()
            } else {
                name.to_owned()
            }
        })
        .unwrap_or_default()
}

/// The accessible (and visible) label of an input; unique on the page.
fn slot_label(lang: Lang, d: &ModelDraft, slot: Slot) -> String {
    let named = |c: Criterion, value: &str| {
        t_with(
            lang,
            "scoring.settings_named",
            &[("criterion", t(lang, c.label_key())), ("value", value)],
        )
    };
    match slot {
        Slot::Values(c, r) => t_with(
            lang,
            "scoring.settings_values_label",
            &[
                ("criterion", t(lang, c.label_key())),
                ("row", &format_number(lang, r as u64 + 1)),
            ],
        ),
        Slot::ValuePoints(c, r) | Slot::BandPoints(c, r) => row_name(lang, d, c, r),
        Slot::BandMin(c, r) => t_with(
            lang,
            "scoring.settings_from",
            &[("name", &row_name(lang, d, c, r))],
        ),
        Slot::BandMax(c, r) => t_with(
            lang,
            "scoring.settings_to",
            &[("name", &row_name(lang, d, c, r))],
        ),
        Slot::RolePoints(r) => {
            let role = d
                .decision_role
                .get(r)
                .map(|(role, _)| t(lang, &format!("role.{}", role.key())))
                .unwrap_or("");
            named(Criterion::DecisionRole, role)
        }
        Slot::NeedPoints(r) => {
            let level = d.need.get(r).map(|(level, _)| *level).unwrap_or(0).min(3);
            named(
                Criterion::Need,
                t(lang, &format!("qualification.need_level_{level}")),
            )
        }
        Slot::StagePoints(r) => {
            let stage = d
                .journey_stage
                .get(r)
                .map(|(s, _)| t(lang, &format!("stage.{}", s.key())))
                .unwrap_or("");
            named(Criterion::JourneyStage, stage)
        }
        Slot::GroupDays(g) => {
            let group = d.groups.get(g);
            let key = if group.is_some_and(|x| x.half_life) {
                "scoring.settings_group_half_life"
            } else {
                "scoring.settings_group_window"
            };
            t_with(lang, key, &[("group", &group_name(lang, group))])
        }
        Slot::GroupCap(g) => t_with(
            lang,
            "scoring.settings_group_cap",
            &[("group", &group_name(lang, d.groups.get(g)))],
        ),
        Slot::KindPoints(g, r) => d
            .groups
            .get(g)
            .and_then(|x| x.points.get(r))
            .map(|(kind, _)| t(lang, &format!("activity.{}", kind.key())).to_owned())
            .unwrap_or_default(),
        Slot::TotalCap => t(lang, "scoring.settings_total_cap").to_owned(),
        Slot::Hot => t(lang, "scoring.settings_hot").to_owned(),
        Slot::Warm => t(lang, "scoring.settings_warm").to_owned(),
        Slot::Mql => t(lang, "scoring.mql_threshold").to_owned(),
    }
}

/// The message of one problem, in the reader's language.
fn error_text(lang: Lang, d: &ModelDraft, error: &DraftError) -> String {
    match &error.problem {
        DraftProblem::Typed { problem, text } => t_with(
            lang,
            problem.message_key(),
            &[
                ("field", &slot_label(lang, d, error.anchor)),
                ("text", text),
                ("max", &format_number(lang, MAX_POINTS as u64)),
            ],
        ),
        DraftProblem::Model { error, args } => {
            explain(lang, error.message_key(), args, &Default::default())
        }
    }
}

/// A labelled input of the draft, with its messages.
#[component]
fn DraftInput(editor: Editor, at: Slot, #[prop(optional)] text: bool) -> impl IntoView {
    let lang = use_lang();
    let Editor { draft, errors } = editor;
    let slot = at;
    let id = slot.id();
    let describedby = move || {
        errors.with(|errs| {
            let mut ids: Vec<String> = Vec::new();
            for e in errs.iter().filter(|e| e.inputs.contains(&slot)) {
                let id = e.anchor.error_id();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let invalid = move || {
        errors.with(|errs| {
            errs.iter()
                .any(|e| e.inputs.contains(&slot))
                .then_some("true")
        })
    };
    let messages = move || {
        let lang = lang.get();
        let texts: Vec<String> = errors.with(|errs| {
            draft.with(|d| {
                errs.iter()
                    .filter(|e| e.anchor == slot)
                    .map(|e| error_text(lang, d, e))
                    .collect()
            })
        });
        (!texts.is_empty()).then(|| {
            view! {
                <p class="field-error" id=slot.error_id()>{texts.join(" ")}</p>
            }
        })
    };
    view! {
        <div class="field" class:field-invalid=move || invalid().is_some()>
            <label for=id.clone()>{move || draft.with(|d| slot_label(lang.get(), d, slot))}</label>
            <input
                id=id
                type="text"
                inputmode=if text { None } else { Some("numeric") }
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || draft.with(|d| d.text(slot))
                on:input:target=move |ev| draft.update(|d| d.set_text(slot, ev.target().value()))
            />
            {messages}
        </div>
    }
}

/// A value criterion (industry, city, country): rows of spellings and points, rows added and removed.
#[component]
fn ValueRows(editor: Editor, criterion: Criterion) -> impl IntoView {
    let lang = use_lang();
    let draft = editor.draft;
    let count = Memo::new(move |_| draft.with(|d| d.values(criterion).len()));
    let add_label = tr_with("scoring.settings_add_row", move || {
        vec![("criterion", t(lang.get(), criterion.label_key()).to_owned())]
    });
    view! {
        <fieldset class="scoring-criterion">
            <legend>{tr(criterion.label_key())}</legend>
            <p class="help">{tr("scoring.settings_values_help")}</p>
            {move || (0..count.get()).map(|row| {
                let remove_label = move || draft.with(|d| {
                    t_with(lang.get(), "scoring.settings_remove_row", &[("name", &row_name(lang.get(), d, criterion, row))])
                });
                view! {
                    <div class="scoring-row">
                        <DraftInput editor=editor at=Slot::Values(criterion, row) text=true/>
                        <DraftInput editor=editor at=Slot::ValuePoints(criterion, row)/>
                        <button type="button" class="link-button" aria-label=remove_label
                            on:click=move |_| { draft.update(|d| { d.values_mut(criterion).remove(row); }); editor.errors.set(vec![]); }
                        >{tr("scoring.settings_remove")}</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| {
                draft.update(|d| d.values_mut(criterion).push(ValueDraft { values: String::new(), points: "0".into() }));
                focus_later(Slot::Values(criterion, count.get_untracked().saturating_sub(1)).id());
            }>{add_label}</button>
        </fieldset>
    }
}

/// A band criterion (employees, timeline, budget): rows of bounds and points.
#[component]
fn BandRows(editor: Editor, criterion: Criterion) -> impl IntoView {
    let lang = use_lang();
    let draft = editor.draft;
    let count = Memo::new(move |_| draft.with(|d| d.bands(criterion).len()));
    let add_label = tr_with("scoring.settings_add_row", move || {
        vec![("criterion", t(lang.get(), criterion.label_key()).to_owned())]
    });
    let help = match criterion {
        Criterion::Timeline => "scoring.settings_timeline_help",
        _ => "scoring.settings_bands_help",
    };
    view! {
        <fieldset class="scoring-criterion">
            <legend>{tr(criterion.label_key())}</legend>
            <p class="help">{tr(help)}</p>
            {move || (0..count.get()).map(|row| {
                let name = move || draft.with(|d| row_name(lang.get(), d, criterion, row));
                let remove_label = move || t_with(lang.get(), "scoring.settings_remove_row", &[("name", &name())]);
                let currency = (criterion == Criterion::Budget).then(|| {
                    let id = format!("scoring-budget-{row}-currency");
                    let label = move || t_with(lang.get(), "scoring.settings_currency", &[("name", &name())]);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <select id=id on:change:target=move |ev| {
                                if let Some(c) = Currency::ALL.into_iter().find(|c| c.code() == ev.target().value()) {
                                    draft.update(|d| if let Some(b) = d.budget.get_mut(row) { b.currency = c; });
                                }
                            }>
                                {Currency::ALL.into_iter().map(|c| view! {
                                    <option value=c.code()
                                        selected=move || draft.with(|d| d.budget.get(row).is_some_and(|b| b.currency == c))
                                    >{tr_currency(c)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                });
                view! {
                    <div class="scoring-row">
                        <DraftInput editor=editor at=Slot::BandMin(criterion, row)/>
                        <DraftInput editor=editor at=Slot::BandMax(criterion, row)/>
                        {currency}
                        <DraftInput editor=editor at=Slot::BandPoints(criterion, row)/>
                        <button type="button" class="link-button" aria-label=remove_label
                            on:click=move |_| { draft.update(|d| { d.bands_mut(criterion).remove(row); }); editor.errors.set(vec![]); }
                        >{tr("scoring.settings_remove")}</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| {
                draft.update(|d| d.bands_mut(criterion).push(BandDraft {
                    currency: Currency::Toman, min: String::new(), max: String::new(), points: "0".into(),
                }));
                focus_later(Slot::BandMin(criterion, count.get_untracked().saturating_sub(1)).id());
            }>{add_label}</button>
        </fieldset>
    }
}

fn tr_currency(c: Currency) -> impl Fn() -> &'static str {
    let lang = use_lang();
    move || t(lang.get(), &format!("currency.{}", c.code()))
}

/// Fixed rows (decision roles, need levels, journey stages): points only.
#[component]
fn FixedRows(
    editor: Editor,
    criterion: Criterion,
    rows: usize,
    slot_of: fn(usize) -> Slot,
) -> impl IntoView {
    view! {
        <fieldset class="scoring-criterion">
            <legend>{tr(criterion.label_key())}</legend>
            <div class="scoring-row">
                {(0..rows).map(|row| view! { <DraftInput editor=editor at=slot_of(row)/> }).collect_view()}
            </div>
        </fieldset>
    }
}

/// One engagement group: recency rule, cap and points per activity kind.
#[component]
fn GroupEditor(editor: Editor, group: usize) -> impl IntoView {
    let lang = use_lang();
    let draft = editor.draft;
    let count =
        Memo::new(move |_| draft.with(|d| d.groups.get(group).map_or(0, |g| g.points.len())));
    let name = move || draft.with(|d| group_name(lang.get(), d.groups.get(group)));
    let half_life =
        Memo::new(move |_| draft.with(|d| d.groups.get(group).is_some_and(|g| g.half_life)));
    let recency_id = format!("scoring-group-{group}-recency");
    let add_id = format!("scoring-group-{group}-add");
    let set_recency = move |value: String| {
        draft.update(|d| {
            if let Some(g) = d.groups.get_mut(group) {
                g.half_life = value == "half_life";
            }
        })
    };
    let add_kind = move |value: String| {
        if let Some(kind) = ActivityKind::ALL.into_iter().find(|k| k.key() == value) {
            draft.update(|d| {
                if let Some(g) = d.groups.get_mut(group) {
                    g.points.push((kind, "0".into()));
                }
            });
            focus_later(Slot::KindPoints(group, count.get_untracked().saturating_sub(1)).id());
        }
    };
    view! {
        <fieldset class="scoring-criterion">
            <legend>{name}</legend>
            <div class="scoring-row">
                <div class="field">
                    <label for=recency_id.clone()>{move || t_with(lang.get(), "scoring.settings_group_recency", &[("group", &name())])}</label>
                    <select id=recency_id on:change:target=move |ev| set_recency(ev.target().value())>
                        <option value="window" selected=move || !half_life.get()>{tr("scoring.settings_recency_window")}</option>
                        <option value="half_life" selected=move || half_life.get()>{tr("scoring.settings_recency_half_life")}</option>
                    </select>
                </div>
                <DraftInput editor=editor at=Slot::GroupDays(group)/>
                <DraftInput editor=editor at=Slot::GroupCap(group)/>
            </div>
            <div class="scoring-row">
                {move || (0..count.get()).map(|row| {
                    let remove_label = move || draft.with(|d| {
                        t_with(lang.get(), "scoring.settings_remove_row", &[("name", &slot_label(lang.get(), d, Slot::KindPoints(group, row)))])
                    });
                    view! {
                        <div class="scoring-kind">
                            <DraftInput editor=editor at=Slot::KindPoints(group, row)/>
                            <button type="button" class="link-button" aria-label=remove_label
                                on:click=move |_| {
                                    draft.update(|d| if let Some(g) = d.groups.get_mut(group) { g.points.remove(row); });
                                    editor.errors.set(vec![]);
                                }
                            >{tr("scoring.settings_remove")}</button>
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || {
                let unscored = draft.with(ModelDraft::unscored_kinds);
                (!unscored.is_empty()).then(|| {
                    let lang = lang.get();
                    view! {
                        <div class="field">
                            <label for=add_id.clone()>{t_with(lang, "scoring.settings_add_kind", &[("group", &name())])}</label>
                            <select id=add_id.clone() on:change:target=move |ev| add_kind(ev.target().value())>
                                <option value="" selected=true>{t(lang, "scoring.settings_choose_kind")}</option>
                                {unscored.into_iter().map(|k| view! {
                                    <option value=k.key()>{t(lang, &format!("activity.{}", k.key()))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })
            }}
        </fieldset>
    }
}

/// The preview of the typed model: how many leads change grade, and who moves most.
#[component]
fn PreviewView(result: WhatIf, stale: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let (changed, leads) = (result.changed_grade_count, result.leads);
    let summary = tr_with("scoring.settings_what_if", move || {
        let lang = lang.get();
        vec![
            ("changed", format_number(lang, changed as u64)),
            ("leads", format_number(lang, leads as u64)),
        ]
    });
    let grade = move |g: Grade| t(lang.get(), g.label_key());
    let movers = result.movers;
    view! {
        <div class="scoring-preview" role="status" aria-labelledby="scoring-preview-title">
            <h3 id="scoring-preview-title">{tr("scoring.settings_preview_title")}</h3>
            <p class="scoring-preview-summary">{summary}</p>
            {move || stale.get().then(|| view! { <p class="help">{tr("scoring.settings_preview_stale")}</p> })}
            {if movers.is_empty() {
                view! { <p>{tr("scoring.settings_no_movers")}</p> }.into_any()
            } else {
                view! {
                    <table aria-labelledby="scoring-movers-caption">
                        <caption id="scoring-movers-caption">{tr("scoring.settings_movers")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr("scoring.settings_movers_lead")}</th>
                                <th scope="col">{tr("scoring.settings_movers_before")}</th>
                                <th scope="col">{tr("scoring.settings_movers_after")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {movers.into_iter().map(|m| {
                                let name = app.book.with_untracked(|b| b.lead(m.lead_id).map(|l| l.name.clone()).unwrap_or_default());
                                view! {
                                    <tr>
                                        <td><a href=href(&format!("/leads/{}", m.lead_id))>{name}</a></td>
                                        <td>{move || format!("{} · {}", score_text(lang.get(), m.old_score), grade(m.old_grade))}</td>
                                        <td>{move || format!("{} · {}", score_text(lang.get(), m.new_score), grade(m.new_grade))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}

/// The "Scoring model" section of Settings.
#[component]
pub fn ScoringSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let draft = RwSignal::new(app.scoring.with_untracked(ModelDraft::from_model));
    let errors = RwSignal::new(Vec::<DraftError>::new());
    let editor = Editor { draft, errors };
    let preview = RwSignal::new(None::<(ModelDraft, WhatIf)>);
    let saving = RwSignal::new(false);

    let refuse = move |found: Vec<DraftError>| {
        let first = found.first().map(|e| e.anchor);
        errors.set(found);
        if let Some(slot) = first {
            focus(&slot.id());
        }
    };
    let run_preview = move |_| {
        let typed = draft.get_untracked();
        match typed.to_model() {
            Err(found) => {
                preview.set(None);
                refuse(found);
            }
            Ok(model) => {
                errors.set(vec![]);
                let new = CompiledModel::new(&model);
                let old = app.compiled.get_untracked();
                let at = now();
                let result = app.qualifications.with_untracked(|answers| {
                    app.book.with_untracked(|book| {
                        let inputs = book
                            .score_inputs()
                            .map(|input| input.with_qualification(answers.get(&input.lead_id())));
                        what_if(inputs, &old, &new, at, TOP_MOVERS)
                    })
                });
                preview.set(Some((typed, result)));
            }
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let model = match draft.with_untracked(ModelDraft::to_model) {
            Ok(model) => model,
            Err(found) => return refuse(found),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = app.save_scoring_model(model.clone()).await;
            saving.set(false);
            match result {
                Ok(()) => {
                    errors.set(vec![]);
                    preview.set(None);
                    draft.set(ModelDraft::from_model(&model));
                }
                Err(CommandError::Invalid(found)) => refuse(
                    found
                        .into_iter()
                        .map(|e| DraftError::from_model(e, &model))
                        .collect(),
                ),
                // The banner explains storage errors; the draft keeps everything typed.
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };
    let discard = move |_| {
        draft.set(app.scoring.with_untracked(ModelDraft::from_model));
        errors.set(vec![]);
        preview.set(None);
    };
    let summary = move || {
        let lang = lang.get();
        let texts: Vec<String> = errors
            .with(|errs| draft.with(|d| errs.iter().map(|e| error_text(lang, d, e)).collect()));
        (!texts.is_empty()).then(|| {
            view! {
                <div class="form-summary" role="alert">
                    <p>{t(lang, "scoring.settings_errors_summary")}</p>
                    <ul>{texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let group_count = Memo::new(move |_| draft.with(|d| d.groups.len()));
    let (roles, needs, stages) =
        draft.with_untracked(|d| (d.decision_role.len(), d.need.len(), d.journey_stage.len()));

    view! {
        <section class="card scoring-settings" aria-labelledby="settings-scoring">
            <h2 id="settings-scoring">{tr("scoring.settings_title")}</h2>
            <p class="help">{tr("scoring.settings_help")}</p>
            <form novalidate=true on:submit=save>
                {summary}
                <h3>{tr("scoring.fit")}</h3>
                <ValueRows editor=editor criterion=Criterion::Industry/>
                <BandRows editor=editor criterion=Criterion::Employees/>
                <ValueRows editor=editor criterion=Criterion::City/>
                <ValueRows editor=editor criterion=Criterion::Country/>
                <FixedRows editor=editor criterion=Criterion::DecisionRole rows=roles slot_of=Slot::RolePoints/>
                <BandRows editor=editor criterion=Criterion::Budget/>
                <FixedRows editor=editor criterion=Criterion::Need rows=needs slot_of=Slot::NeedPoints/>
                <BandRows editor=editor criterion=Criterion::Timeline/>
                <FixedRows editor=editor criterion=Criterion::JourneyStage rows=stages slot_of=Slot::StagePoints/>
                <h3>{tr("scoring.engagement")}</h3>
                <p class="help">{tr("scoring.settings_engagement_help")}</p>
                {move || (0..group_count.get()).map(|group| view! { <GroupEditor editor=editor group=group/> }).collect_view()}
                <h3>{tr("scoring.settings_grades")}</h3>
                <p class="help">{tr("scoring.settings_grades_help")}</p>
                <div class="scoring-row">
                    <DraftInput editor=editor at=Slot::Hot/>
                    <DraftInput editor=editor at=Slot::Warm/>
                    <DraftInput editor=editor at=Slot::Mql/>
                    <DraftInput editor=editor at=Slot::TotalCap/>
                </div>
                <div class="form-actions">
                    <button type="button" on:click=run_preview>{tr("scoring.settings_preview")}</button>
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("scoring.settings_save")}</button>
                    <button type="button" on:click=discard>{tr("scoring.settings_discard")}</button>
                </div>
            </form>
            {move || preview.get().map(|(snapshot, result)| {
                let stale = Signal::derive(move || draft.with(|d| *d != snapshot));
                view! { <PreviewView result=result stale=stale/> }
            })}
        </section>
    }
}
