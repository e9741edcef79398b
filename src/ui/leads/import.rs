//! Importing leads from a CSV file: a preview first, then one transaction.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::import::{parse_leads_csv, ImportError, ImportPreview, RowOutcome};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::components::field_error_text;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;

/// Problems listed in full; the rest are counted.
const LISTED_PROBLEMS: usize = 20;

fn import_error_text(lang: Lang, error: &ImportError) -> String {
    let line = match error {
        ImportError::Malformed { line } => format_number(lang, *line),
        _ => String::new(),
    };
    t_with(
        lang,
        &format!("import.error.{}", error.key()),
        &[("line", &line)],
    )
}

#[component]
pub fn ImportPanel(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let preview = RwSignal::new(None::<Result<ImportPreview, String>>);
    let busy = RwSignal::new(false);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            let lang = lang.get_untracked();
            preview.set(Some(match text {
                None => Err(t(lang, "import.error.unreadable").to_owned()),
                Some(text) => parse_leads_csv(&text).map_err(|e| import_error_text(lang, &e)),
            }));
            busy.set(false);
        });
    };

    let confirm = move |_| {
        let Some(Ok(ready)) = preview.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let imported = app.import_leads(ready.into_valid()).await;
            busy.set(false);
            if imported.is_ok() {
                preview.set(None);
                on_done.run(());
            }
        });
    };

    let summary = move || {
        preview.with(|p| match p {
            Some(Ok(ready)) => {
                let lang = lang.get();
                let valid = ready.valid_count();
                let problems: Vec<(u64, String)> = ready
                    .rows
                    .iter()
                    .filter_map(|row| match row {
                        RowOutcome::Invalid { line, errors } => Some((
                            *line,
                            errors
                                .iter()
                                .map(|e| field_error_text(lang, e.field.key(), e.problem))
                                .collect::<Vec<_>>()
                                .join(" "),
                        )),
                        RowOutcome::Valid(_) => None,
                    })
                    .collect();
                let hidden = problems.len().saturating_sub(LISTED_PROBLEMS);
                let columns: Vec<String> = ready
                    .columns
                    .iter()
                    .map(|(header, field)| match field {
                        Some(f) => format!("{header} → {}", t(lang, &format!("field.{}", f.key()))),
                        None => format!("{header} → {}", t(lang, "import.column_ignored")),
                    })
                    .collect();
                view! {
                    <p><strong>{t(lang, "import.columns")}</strong>": "{columns.join(" · ")}</p>
                    <p role="status">{t_with(lang, "import.summary", &[
                        ("valid", &format_number(lang, valid as u64)),
                        ("invalid", &format_number(lang, ready.invalid_count() as u64)),
                    ])}</p>
                    {(!problems.is_empty()).then(|| view! {
                        <h3>{t(lang, "import.problems")}</h3>
                        <ul class="problems" aria-label=t(lang, "import.problems")>
                            {problems.into_iter().take(LISTED_PROBLEMS).map(|(line, text)| view! {
                                <li><strong>{t_with(lang, "import.line", &[("line", &format_number(lang, line))])}</strong>": "{text}</li>
                            }).collect_view()}
                        </ul>
                        {(hidden > 0).then(|| view! {
                            <p>{t_with(lang, "import.more_problems", &[("count", &format_number(lang, hidden as u64))])}</p>
                        })}
                    })}
                    {if valid == 0 {
                        view! { <p class="field-error" role="alert">{t(lang, "import.nothing_valid")}</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="primary" disabled=move || busy.get() on:click=confirm>
                                {t_with(lang, "import.confirm", &[("count", &format_number(lang, valid as u64))])}
                            </button>
                        }.into_any()
                    }}
                }
                .into_any()
            }
            Some(Err(message)) => view! { <p class="field-error" role="alert">{message.clone()}</p> }.into_any(),
            None => ().into_any(),
        })
    };

    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{tr("import.title")}</h2>
            <p class="muted">{tr("import.help")}</p>
            <div class="field">
                <label for="import-file">{tr("import.file")}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file/>
            </div>
            <Show when=move || busy.get()><p role="status">{tr("import.reading")}</p></Show>
            {summary}
            <div class="form-actions">
                <button type="button" on:click=move |_| on_done.run(())>{tr("import.cancel")}</button>
            </div>
        </section>
    }
}
