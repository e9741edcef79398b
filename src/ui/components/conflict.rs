//! "Changed in another tab": when a record a form edited was saved elsewhere since the form
//! opened, both versions side by side, and the user keeps one. Nothing is overwritten silently.

use leptos::prelude::*;

use crate::ui::i18n::tr;

/// One field that differs: its label and the two values as the user reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictRow {
    pub label: String,
    pub mine: String,
    pub theirs: String,
}

#[component]
pub fn ConflictDialog(
    /// The fields that differ (all shown, even when only one).
    rows: Vec<ConflictRow>,
    #[prop(into)] keep_mine: Callback<()>,
    #[prop(into)] keep_theirs: Callback<()>,
) -> impl IntoView {
    Effect::new(move |_| crate::ui::leads::focus("conflict-title"));
    view! {
        <div class="dialog-backdrop">
            <section class="card dialog" role="dialog" aria-modal="true" aria-labelledby="conflict-title">
                <h2 id="conflict-title" tabindex="-1">{tr("conflict.title")}</h2>
                <p>{tr("conflict.body")}</p>
                <table class="conflict-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr("conflict.field")}</th>
                            <th scope="col">{tr("conflict.mine")}</th>
                            <th scope="col">{tr("conflict.theirs")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr>
                                <th scope="row">{row.label}</th>
                                <td>{row.mine}</td>
                                <td>{row.theirs}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| keep_mine.run(())>{tr("conflict.keep_mine")}</button>
                    <button type="button" on:click=move |_| keep_theirs.run(())>{tr("conflict.keep_theirs")}</button>
                </div>
            </section>
        </div>
    }
}
