//! Labelled form controls with inline, accessible error messages.

use leptos::prelude::*;

use crate::domain::validation::Problem;
use crate::i18n::{t, t_with, Lang};
use crate::ui::i18n::tr;

/// The message for a field error, naming the field in the current language.
pub fn field_error_text(lang: Lang, field_key: &str, problem: Problem) -> String {
    let field = t(lang, &format!("field.{field_key}"));
    t_with(
        lang,
        &format!("problem.{}", problem.key()),
        &[("field", field)],
    )
}

/// A select's options over fixed keys: each key with its label in the current language, the
/// translation of `{prefix}.{key}`.
pub fn keyed_options(
    lang: RwSignal<Lang>,
    prefix: &'static str,
    keys: Vec<&'static str>,
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let lang = lang.get();
        keys.iter()
            .map(|&key| {
                (
                    key.to_owned(),
                    t(lang, &format!("{prefix}.{key}")).to_owned(),
                )
            })
            .collect()
    })
}

/// A text input (or textarea) with its label and, when invalid, its message.
#[component]
pub fn TextField(
    /// Element id, also the stem of the error message's id.
    id: &'static str,
    /// Translation key of the label.
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let invalid = move || error.get().map(|_| "true");
    let placeholder_text = placeholder.map(tr);
    let control = if multiline {
        view! {
            <textarea
                id=id
                rows="3"
                aria-invalid=invalid
                aria-describedby=described
                placeholder=move || placeholder_text.map(|p| p())
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type=input_type.unwrap_or("text")
                inputmode=inputmode
                autocomplete=autocomplete.unwrap_or("off")
                aria-invalid=invalid
                aria-describedby=described
                aria-required=required.then_some("true")
                placeholder=move || placeholder_text.map(|p| p())
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{tr(label)}{required.then_some(view! { <span class="required-mark" aria-hidden="true">" *"</span> })}</label>
            {control}
            {move || error.get().map(|message| view! {
                <p class="field-error" id=error_id.clone() role="alert">{message}</p>
            })}
        </div>
    }
}

/// A select with its label; options are (value, label) pairs already translated.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <select
                id=id
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
                on:change:target=move |ev| on_change.run(ev.target().value())
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == current;
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|message| view! {
                <p class="field-error" id=error_id.clone() role="alert">{message}</p>
            })}
        </div>
    }
}
