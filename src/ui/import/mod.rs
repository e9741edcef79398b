//! Importing leads from a CSV export of another CRM or a vCard file: the file is read whole, its
//! encoding and delimiter detected (and changeable), each column mapped to a field, every row
//! previewed and checked, duplicates resolved — and only then stored, in one transaction.

mod columns;
mod duplicates;

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::import::delimiter::{detect_delimiter, Delimiter};
use crate::domain::import::duplicates::{
    plan_counts, plan_import, DuplicateGroup, DuplicateSearch, Resolution,
};
use crate::domain::import::file_encoding::{
    decode, detect_encoding, DecodeError, FileEncoding, MAX_FILE_BYTES,
};
use crate::domain::import::vcard::{parse_vcards, VcardError};
use crate::domain::import::{
    ColumnChoice, CsvSheet, EngagementCount, ImportError, ImportPreview, ImportRow, RowOutcome,
};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::components::field_error_text;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;

/// Problems listed in full; the rest are counted.
const LISTED_PROBLEMS: usize = 20;
/// Rows shown as they will be stored.
const PREVIEW_ROWS: usize = 5;
/// Rows checked between two yields to the browser: a slice takes tens of milliseconds, so the
/// page keeps answering while a 100,000-row file is checked.
const ROWS_PER_SLICE: usize = 2_000;
/// Records of the file read (split into cells and checked for size) between two yields.
const RECORDS_PER_READ: usize = 10_000;
/// Checked rows copied (and matched for duplicates) between two yields: a few milliseconds each
/// thousand.
const ROWS_PER_COPY: usize = 10_000;

/// Which kind of file the panel reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Csv,
    Vcard,
}

impl ImportKind {
    fn key(self) -> &'static str {
        match self {
            ImportKind::Csv => "csv",
            ImportKind::Vcard => "vcard",
        }
    }

    fn accept(self) -> &'static str {
        match self {
            ImportKind::Csv => ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain",
            ImportKind::Vcard => ".vcf,.vcard,text/vcard,text/x-vcard",
        }
    }
}

/// A file's rows checked, and the duplicates they would create.
#[derive(Debug)]
struct Review {
    preview: ImportPreview,
    valid: Vec<ImportRow>,
    groups: Vec<DuplicateGroup>,
}

/// What the user picked for one group of duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GroupChoice {
    Skip,
    Update,
    KeepBoth,
}

/// The import panel, fetched on first use: its code (the CSV and vCard readers, the tables of
/// every legacy encoding) is a wasm file of its own, which a visitor who never imports never
/// downloads (see ui/routes.rs for why `fallible`). Settings → Data is itself split off and uses
/// [`ImportPanel`] directly.
#[leptos::wasm_split::wasm_split(kariz_import, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn lazy_import_panel(
    kind: ImportKind,
    on_done: Callback<()>,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ImportPanel kind=kind on_done=on_done/> }.into_any())
}

#[component]
pub fn ImportPanel(kind: ImportKind, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let bytes = RwSignal::new(None::<Arc<Vec<u8>>>);
    let encoding = RwSignal::new(None::<FileEncoding>);
    let delimiter = RwSignal::new(None::<Delimiter>);
    let problem = RwSignal::new(None::<String>);
    let sheet = RwSignal::new(None::<Arc<CsvSheet>>);
    let choices = RwSignal::new(Vec::<ColumnChoice>::new());
    let review = RwSignal::new(None::<Arc<Review>>);
    let group_choices = RwSignal::new(Vec::<GroupChoice>::new());
    let update_mode = RwSignal::new(Resolution::FillEmpty);
    let busy = RwSignal::new(false);
    // Rows checked and rows in the file while a preview is being read; a newer read (other
    // columns, another file) or Cancel bumps the generation, and the older one stops.
    let progress = RwSignal::new(None::<(usize, usize)>);
    let generation = StoredValue::new(0u64);
    let storing = RwSignal::new(None::<usize>);

    let read_file = move |file: web_sys::File| {
        let lang = lang.get_untracked();
        review.set(None);
        sheet.set(None);
        bytes.set(None);
        encoding.set(None);
        delimiter.set(None);
        if file.size() > MAX_FILE_BYTES as f64 {
            let error = DecodeError::TooLarge {
                bytes: file.size() as usize,
            };
            problem.set(Some(decode_error_text(lang, &error)));
            return;
        }
        problem.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => bytes.set(Some(Arc::new(js_sys::Uint8Array::new(&buffer).to_vec()))),
                Err(_) => problem.set(Some(t(lang, "import.error.unreadable").to_owned())),
            }
            busy.set(false);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = crate::ui::components::chosen_file(&ev) {
            read_file(file);
        }
    };
    // A file dropped on the panel is read exactly as one picked with the file input. Only the
    // first file counts: an import is one file, and a second one would silently be ignored by
    // any other rule.
    let dragging = RwSignal::new(false);
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        // Without this the browser opens the dropped file itself, leaving Kariz.
        ev.prevent_default();
        dragging.set(true);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev.data_transfer().and_then(|transfer| transfer.files());
        match files {
            Some(files) if files.length() > 1 => problem.set(Some(
                t(lang.get_untracked(), "import.error.several_files").to_owned(),
            )),
            Some(files) => {
                if let Some(file) = files.get(0) {
                    read_file(file);
                }
            }
            None => {}
        }
    };

    // The file read as text, in the chosen (or detected) encoding; for CSV, as a sheet whose
    // columns get their proposed fields. Each step is a task of its own, after the one that
    // copied the file in, and the sheet is read a slice of records at a time.
    Effect::new(move |_| {
        let Some(bytes) = bytes.get() else { return };
        let chosen = encoding.get();
        let split = delimiter.get();
        let lang = lang.get_untracked();
        // A newer read (another encoding or delimiter, another file) stops this one.
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        let current = move || generation.try_get_value() == Some(mine);
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            if !current() {
                return;
            }
            let text = match decode(&bytes, chosen.unwrap_or_else(|| detect_encoding(&bytes))) {
                Ok(text) => text,
                Err(e) => {
                    problem.set(Some(decode_error_text(lang, &e)));
                    review.set(None);
                    sheet.set(None);
                    return;
                }
            };
            problem.set(None);
            match kind {
                ImportKind::Csv => {
                    let split = split.unwrap_or_else(|| detect_delimiter(&text));
                    let mut reading = CsvSheet::start_reading(text, split);
                    let read = loop {
                        gloo_timers::future::TimeoutFuture::new(0).await;
                        if !current() {
                            return;
                        }
                        if let Some(read) = reading.continue_reading(RECORDS_PER_READ) {
                            break read;
                        }
                    };
                    match read {
                        Ok(read) => {
                            choices.set(read.proposed_columns());
                            sheet.set(Some(Arc::new(read)));
                        }
                        Err(e) => {
                            problem.set(Some(import_error_text(lang, &e)));
                            sheet.set(None);
                            review.set(None);
                        }
                    }
                }
                ImportKind::Vcard => match parse_vcards(&text) {
                    Ok(preview) => set_review(review, group_choices, preview, app, current).await,
                    Err(e) => {
                        problem.set(Some(vcard_error_text(lang, &e)));
                        review.set(None);
                    }
                },
            }
        });
    });

    // Every row checked with the columns as mapped now, a slice at a time.
    Effect::new(move |_| {
        let Some(read) = sheet.get() else { return };
        let mapped = choices.get();
        let lang = lang.get_untracked();
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        let current = move || generation.try_get_value() == Some(mine);
        let mut run = match read.start_preview(&mapped) {
            Ok(run) => run,
            Err(e) => {
                problem.set(Some(import_error_text(lang, &e)));
                review.set(None);
                progress.set(None);
                return;
            }
        };
        problem.set(None);
        review.set(None);
        let total = read.row_count();
        progress.set(Some((0, total)));
        leptos::task::spawn_local(async move {
            while !read.continue_preview(&mut run, ROWS_PER_SLICE) {
                progress.try_set(Some((run.rows_done(), total)));
                gloo_timers::future::TimeoutFuture::new(0).await;
                if !current() {
                    return;
                }
            }
            if current() {
                progress.try_set(None);
                set_review(review, group_choices, run.finish(), app, current).await;
            }
        });
    });

    let cancel = move |_| {
        generation.set_value(generation.get_value() + 1);
        on_done.run(());
    };

    let resolutions = move || {
        let mode = update_mode.get();
        group_choices.with(|picked| {
            picked
                .iter()
                .map(|choice| match choice {
                    GroupChoice::Skip => Resolution::Skip,
                    GroupChoice::Update => mode,
                    GroupChoice::KeepBoth => Resolution::KeepBoth,
                })
                .collect::<Vec<_>>()
        })
    };

    let confirm = move |_| {
        let Some(ready) = review.get_untracked() else {
            return;
        };
        let resolutions = resolutions();
        let (new, updated) = plan_counts(ready.preview.valid_count(), &ready.groups, &resolutions);
        busy.set(true);
        storing.set(Some(new + updated));
        leptos::task::spawn_local(async move {
            // The rows to store, copied a slice at a time: the review keeps its own, shown
            // again if storing fails.
            let mut rows = Vec::with_capacity(ready.valid.len());
            for slice in ready.valid.chunks(ROWS_PER_COPY) {
                rows.extend_from_slice(slice);
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            let plan = plan_import(rows, &ready.groups, &resolutions);
            let stored = app.import_plan(plan).await;
            busy.set(false);
            storing.set(None);
            if stored.is_ok() {
                review.set(None);
                on_done.run(());
            }
        });
    };

    let file_settings = move || {
        bytes.with(|b| b.clone()).map(|loaded| {
            let detected = detect_encoding(&loaded);
            view! {
                <div class="actions import-settings">
                    <label class="field inline-field">
                        <span>{tr("import.encoding")}</span>
                        <select on:change:target=move |ev| encoding.set(FileEncoding::from_label(&ev.target().value()))>
                            {FileEncoding::ALL.into_iter().map(|e| view! {
                                <option value=e.label()
                                    selected=move || encoding.get().unwrap_or(detected) == e>{e.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {(kind == ImportKind::Csv).then(|| view! {
                        <label class="field inline-field">
                            <span>{tr("import.delimiter")}</span>
                            <select on:change:target=move |ev| {
                                delimiter.set(Delimiter::ALL.into_iter().find(|d| d.key() == ev.target().value()))
                            }>
                                {Delimiter::ALL.into_iter().map(|d| view! {
                                    <option value=d.key() selected=move || {
                                        sheet.with(|s| s.as_ref().map(|s| s.delimiter())) == Some(d)
                                    }>{move || t(lang.get(), &format!("import.delimiter.{}", d.key())).to_owned()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                </div>
            }
        })
    };

    let summary = move || {
        review.get().map(|ready| {
            let lang = lang.get();
            let valid = ready.preview.valid_count();
            let (new, updated) = plan_counts(valid, &ready.groups, &resolutions());
            let stored = new + updated;
            view! {
                <p role="status">{t_with(lang, "import.summary", &[
                    ("valid", &format_number(lang, valid as u64)),
                    ("invalid", &format_number(lang, ready.preview.invalid_count() as u64)),
                ])}</p>
                <PreviewTable rows=ready.valid.iter().take(PREVIEW_ROWS).cloned().collect()/>
                <Problems preview=ready.clone()/>
                {(!ready.groups.is_empty()).then(|| view! {
                    <duplicates::DuplicateStep review=ready.clone() choices=group_choices update_mode=update_mode/>
                })}
                <p>{t_with(lang, "import.plan", &[
                    ("new", &format_number(lang, new as u64)),
                    ("updated", &format_number(lang, updated as u64)),
                ])}</p>
                {if stored == 0 {
                    view! { <p class="field-error" role="alert">{t(lang, "import.nothing_valid")}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="primary" disabled=move || busy.get() on:click=confirm>
                            {t_with(lang, "import.confirm", &[("count", &format_number(lang, stored as u64))])}
                        </button>
                    }.into_any()
                }}
            }
        })
    };

    let input_id = format!("import-file-{}", kind.key());
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{tr(if kind == ImportKind::Csv { "import.title" } else { "import.title_vcard" })}</h2>
            <p class="muted">{tr(if kind == ImportKind::Csv { "import.help" } else { "import.help_vcard" })}</p>
            <div
                class="field drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=on_dragover
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for=input_id.clone()>{tr(if kind == ImportKind::Csv { "import.file" } else { "import.file_vcard" })}</label>
                <input id=input_id type="file" accept=kind.accept() on:change=on_file/>
                <p class="muted">{tr("import.drop_hint")}</p>
            </div>
            {file_settings}
            <Show when=move || busy.get() && storing.get().is_none()><p role="status">{tr("import.reading")}</p></Show>
            {move || progress.get().map(|(done, total)| view! {
                <div class="import-progress">
                    <progress max=total value=done aria-label=move || t(lang.get(), "import.progress")></progress>
                    <span role="status">{move || t_with(lang.get(), "import.rows_checked", &[
                        ("done", &format_number(lang.get(), done as u64)),
                        ("total", &format_number(lang.get(), total as u64)),
                    ])}</span>
                </div>
            })}
            {move || storing.get().map(|count| view! {
                <p role="status">{move || t_with(lang.get(), "import.storing", &[("count", &format_number(lang.get(), count as u64))])}</p>
            })}
            {move || problem.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            {move || sheet.get().map(|read| view! { <columns::ColumnMapping sheet=read choices=choices/> })}
            {summary}
            <div class="form-actions">
                <button type="button" disabled=move || storing.get().is_some() on:click=cancel>{tr("import.cancel")}</button>
            </div>
        </section>
    }
}

/// Checks the preview's rows against each other and the stored leads; every group starts as
/// "Skip", the choice that changes nothing stored. The valid rows are copied and matched
/// [`ROWS_PER_COPY`] at a time with a yield between (100,000 rows take longer than a frame);
/// `current` stops it when a newer read or Cancel came since.
async fn set_review(
    review: RwSignal<Option<Arc<Review>>>,
    group_choices: RwSignal<Vec<GroupChoice>>,
    preview: ImportPreview,
    app: crate::ui::state::AppState,
    current: impl Fn() -> bool,
) {
    let mut valid: Vec<ImportRow> = Vec::new();
    let mut search = DuplicateSearch::default();
    for slice in preview.rows.chunks(ROWS_PER_COPY) {
        let start = valid.len();
        valid.extend(slice.iter().filter_map(|row| match row {
            RowOutcome::Valid(row) => Some((**row).clone()),
            RowOutcome::Invalid { .. } => None,
        }));
        search.add_rows(&valid[start..]);
        gloo_timers::future::TimeoutFuture::new(0).await;
        if !current() {
            return;
        }
    }
    let groups = app.book.with_untracked(|book| search.finish(book.leads()));
    group_choices.set(vec![GroupChoice::Skip; groups.len()]);
    review.set(Some(Arc::new(Review {
        preview,
        valid,
        groups,
    })));
}

/// The first rows as they will be stored; with count columns, what each row's counts add.
#[component]
fn PreviewTable(rows: Vec<ImportRow>) -> impl IntoView {
    let lang = use_lang();
    let counts = rows.iter().any(|row| !row.engagement.is_empty());
    (!rows.is_empty()).then(|| {
        view! {
            <div class="table-scroll">
                <table class="import-preview">
                    <caption>{tr("import.preview")}</caption>
                    <thead><tr>
                        {["name", "company", "email", "phone", "source", "owner"].map(|key| view! {
                            <th scope="col">{move || t(lang.get(), &format!("field.{key}")).to_owned()}</th>
                        }).collect_view()}
                        {counts.then(|| view! { <th scope="col">{tr("import.engagement")}</th> })}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|ImportRow { fields: row, engagement }| {
                            let source = row.source.key();
                            view! {
                                <tr>
                                    <td>{row.name}</td>
                                    <td>{row.company}</td>
                                    <td>{row.email}</td>
                                    <td dir="ltr">{row.phone}</td>
                                    <td>{move || t(lang.get(), &format!("source.{source}")).to_owned()}</td>
                                    <td>{row.owner}</td>
                                    {counts.then(|| view! { <td>{move || engagement_text(lang.get(), &engagement)}</td> })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}

/// "Email opened × 5, Site visit × 50 (of 120)": the activities a row's counts become.
fn engagement_text(lang: Lang, counts: &[EngagementCount]) -> String {
    counts
        .iter()
        .map(|c| {
            let added = c.missing(0);
            let kind = t(lang, &format!("activity.{}", c.kind.key()));
            let added_text = format_number(lang, u64::from(added));
            if added == c.count {
                format!("{kind} × {added_text}")
            } else {
                t_with(
                    lang,
                    "import.engagement_capped",
                    &[
                        ("activity", kind),
                        ("added", &added_text),
                        ("count", &format_number(lang, u64::from(c.count))),
                    ],
                )
            }
        })
        .collect::<Vec<_>>()
        .join(t(lang, "import.engagement_separator"))
}

/// Rows that will not be imported, with their line and what is wrong.
#[component]
fn Problems(preview: Arc<Review>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let problems: Vec<(u64, String)> = preview
            .preview
            .rows
            .iter()
            .filter_map(|row| match row {
                RowOutcome::Invalid {
                    line,
                    errors,
                    count_errors,
                } => Some((
                    *line,
                    errors
                        .iter()
                        .map(|e| field_error_text(lang, e.field.key(), e.problem))
                        .chain(count_errors.iter().map(|e| {
                            t_with(
                                lang,
                                &format!("problem.{}", e.problem.key()),
                                &[("field", &e.column)],
                            )
                        }))
                        .collect::<Vec<_>>()
                        .join(" "),
                )),
                RowOutcome::Valid(_) => None,
            })
            .collect();
        let hidden = problems.len().saturating_sub(LISTED_PROBLEMS);
        (!problems.is_empty()).then(|| {
            view! {
                <h3>{t(lang, "import.problems")}</h3>
                <ul class="problems" aria-label=t(lang, "import.problems")>
                    {problems.into_iter().take(LISTED_PROBLEMS).map(|(line, text)| view! {
                        <li><strong>{t_with(lang, "import.line", &[("line", &format_number(lang, line))])}</strong>": "{text}</li>
                    }).collect_view()}
                </ul>
                {(hidden > 0).then(|| view! {
                    <p>{t_with(lang, "import.more_problems", &[("count", &format_number(lang, hidden as u64))])}</p>
                })}
            }
        })
    }
}

fn import_error_text(lang: Lang, error: &ImportError) -> String {
    let line = error
        .line()
        .map(|line| format_number(lang, line))
        .unwrap_or_default();
    let field = match error {
        ImportError::RepeatedChoice(choice) => columns::choice_label(lang, *choice),
        _ => String::new(),
    };
    t_with(
        lang,
        &format!("import.error.{}", error.key()),
        &[("line", &line), ("field", &field)],
    )
}

fn decode_error_text(lang: Lang, error: &DecodeError) -> String {
    let (line, detail) = match error {
        DecodeError::TooLarge { bytes } => {
            (0, format_number(lang, (*bytes / (1024 * 1024)) as u64))
        }
        DecodeError::Invalid { encoding, line } => (*line, encoding.label().to_owned()),
        DecodeError::Nul { line } => (*line, String::new()),
    };
    t_with(
        lang,
        &format!("import.error.{}", error.key()),
        &[
            ("line", &format_number(lang, line)),
            ("encoding", &detail),
            ("megabytes", &detail),
        ],
    )
}

fn vcard_error_text(lang: Lang, error: &VcardError) -> String {
    let (card, reason) = match error {
        VcardError::NotAVcard => (0, String::new()),
        VcardError::Malformed { card, reason } => (*card, reason.clone()),
    };
    t_with(
        lang,
        &format!("import.error.{}", error.key()),
        &[
            ("card", &format_number(lang, card as u64)),
            ("reason", &reason),
        ],
    )
}
