//! The mapping step: one select per column of the file, labelled by the column's header.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::import::{ColumnChoice, CsvSheet};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, tr_with, use_lang};

/// What a choice is called in a column's select.
pub(super) fn choice_label(lang: Lang, choice: ColumnChoice) -> String {
    match choice {
        ColumnChoice::Field(field) => t(lang, &format!("field.{}", field.key())).to_owned(),
        ColumnChoice::EngagementCount(kind) => t_with(
            lang,
            "import.choice.count",
            &[("activity", t(lang, &format!("activity.{}", kind.key())))],
        ),
        other => t(lang, &format!("import.choice.{}", other.key())).to_owned(),
    }
}

#[component]
pub(super) fn ColumnMapping(
    sheet: Arc<CsvSheet>,
    choices: RwSignal<Vec<ColumnChoice>>,
) -> impl IntoView {
    let lang = use_lang();
    let count = sheet.row_count();
    let rows_text = tr_with("import.rows_in_file", move || {
        vec![("count", format_number(lang.get(), count as u64))]
    });
    let options = ColumnChoice::all();
    view! {
        <section class="import-columns" role="region" aria-labelledby="import-columns-title">
            <h3 id="import-columns-title">{tr("import.columns")}</h3>
            <p class="muted">{tr("import.columns_help")}" "{rows_text}</p>
            <div class="import-column-grid">
                {sheet.headers().iter().enumerate().map(|(i, header)| {
                    let id = format!("import-column-{i}");
                    let options = options.clone();
                    // A column without a header is still a column: named by its number.
                    let label = if header.is_empty() {
                        format!("#{}", i + 1)
                    } else {
                        header.clone()
                    };
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <select id=id on:change:target=move |ev| {
                                if let Some(choice) = ColumnChoice::from_key(&ev.target().value()) {
                                    choices.update(|all| {
                                        if let Some(slot) = all.get_mut(i) {
                                            *slot = choice;
                                        }
                                    });
                                }
                            }>
                                {options.into_iter().map(|choice| view! {
                                    <option value=choice.key()
                                        selected=move || choices.with(|all| all.get(i) == Some(&choice))>
                                        {move || choice_label(lang.get(), choice)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
