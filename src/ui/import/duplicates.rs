//! The duplicate step: rows of the file that are one person, among themselves or with a stored
//! lead, and what to do with each group — skip, update the stored lead, or keep both.

use std::sync::Arc;

use leptos::prelude::*;

use super::{GroupChoice, Review};
use crate::domain::import::duplicates::Resolution;
use crate::i18n::t;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;

/// Groups listed with their choices; the rest follow the "for all" buttons.
const LISTED_GROUPS: usize = 50;

#[component]
pub(super) fn DuplicateStep(
    review: Arc<Review>,
    choices: RwSignal<Vec<GroupChoice>>,
    update_mode: RwSignal<Resolution>,
) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let set_all = move |choice: GroupChoice| {
        choices.update(|all| all.iter_mut().for_each(|c| *c = choice));
    };
    let hidden = review.groups.len().saturating_sub(LISTED_GROUPS);
    let groups = review
        .groups
        .iter()
        .take(LISTED_GROUPS)
        .enumerate()
        .map(|(g, group)| {
            let in_file: Vec<String> = group
                .rows
                .iter()
                .filter_map(|&r| review.valid.get(r))
                .map(|row| contact_line(&row.fields.name, &row.fields.email, &row.fields.phone))
                .collect();
            let stored: Vec<String> = app.book.with_untracked(|book| {
                group
                    .stored
                    .iter()
                    .filter_map(|&id| book.lead(id))
                    .map(|lead| contact_line(&lead.name, &lead.email, &lead.phone))
                    .collect()
            });
            let has_stored = !stored.is_empty();
            let radio = move |choice: GroupChoice, key: &'static str| {
                view! {
                    <label class="inline-field">
                        <input type="radio" name=format!("duplicate-{g}")
                            prop:checked=move || choices.with(|all| all.get(g) == Some(&choice))
                            on:change=move |_| choices.update(|all| {
                                if let Some(slot) = all.get_mut(g) {
                                    *slot = choice;
                                }
                            })/>
                        <span>{tr(key)}</span>
                    </label>
                }
            };
            view! {
                <li>
                    <fieldset>
                        <legend>{move || {
                            let lang = lang.get();
                            if has_stored { t(lang, "import.duplicate_of_stored") } else { t(lang, "import.duplicate_in_file") }
                        }}</legend>
                        <ul class="duplicate-members">
                            {in_file.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            {stored.into_iter().map(|line| view! {
                                <li><strong>{tr("import.stored")}</strong>" "{line}</li>
                            }).collect_view()}
                        </ul>
                        <div class="actions" role="radiogroup" aria-label=move || t(lang.get(), "import.duplicate_choice")>
                            {radio(GroupChoice::Skip, "import.skip")}
                            {radio(GroupChoice::Update, "import.update")}
                            {radio(GroupChoice::KeepBoth, "import.keep_both")}
                        </div>
                    </fieldset>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="import-duplicates" role="region" aria-labelledby="import-duplicates-title">
            <h3 id="import-duplicates-title">{tr("import.duplicates")}</h3>
            <p class="muted">{tr("import.duplicates_help")}</p>
            <div class="actions">
                <label class="field inline-field">
                    <span>{tr("import.update_mode")}</span>
                    <select on:change:target=move |ev| {
                        if let Some(mode) = Resolution::from_key(&ev.target().value()) {
                            update_mode.set(mode);
                        }
                    }>
                        {[Resolution::FillEmpty, Resolution::Overwrite].map(|mode| view! {
                            <option value=mode.key() selected=move || update_mode.get() == mode>
                                {move || t(lang.get(), &format!("import.resolution.{}", mode.key())).to_owned()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" on:click=move |_| set_all(GroupChoice::Skip)>{tr("import.skip_all")}</button>
                <button type="button" on:click=move |_| set_all(GroupChoice::Update)>{tr("import.update_all")}</button>
                <button type="button" on:click=move |_| set_all(GroupChoice::KeepBoth)>{tr("import.keep_all")}</button>
            </div>
            <ul class="duplicate-groups">{groups}</ul>
            {(hidden > 0).then(|| view! {
                <p>{move || crate::i18n::t_with(lang.get(), "import.more_duplicates", &[
                    ("count", &crate::i18n::format_number(lang.get(), hidden as u64)),
                ])}</p>
            })}
        </section>
    }
}

/// "Name · e-mail · phone", leaving out what is blank.
fn contact_line(name: &str, email: &str, phone: &str) -> String {
    [name, email, phone]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
