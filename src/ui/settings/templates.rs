//! Settings → Message templates: e-mails written once with placeholders ({first_name},
//! {company}, {owner}, {product}) and sent to each lead from its page. A template naming a
//! placeholder Kariz does not know is refused, the placeholder named.

use leptos::prelude::*;

use crate::domain::followup::{Template, TemplateProblem};
use crate::i18n::{t, t_with, Lang};
use crate::ui::components::TextField;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::workspace::{CommandError, FollowUpProblem};

/// What the user reads for a refused template.
fn problem_text(lang: Lang, problem: &TemplateProblem) -> String {
    match problem {
        TemplateProblem::NoName => t(lang, "templates.no_name").to_owned(),
        TemplateProblem::NoBody => t(lang, "templates.no_body").to_owned(),
        TemplateProblem::UnknownPlaceholder(name) => {
            t_with(lang, "templates.unknown_placeholder", &[("name", name)])
        }
        TemplateProblem::Unclosed => t(lang, "templates.unclosed").to_owned(),
    }
}

#[component]
pub fn TemplateSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let draft = RwSignal::new(Template {
        lang: lang.get_untracked().code().to_owned(),
        ..Template::default()
    });
    let problems = RwSignal::new(Vec::<TemplateProblem>::new());
    let templates = Memo::new(move |_| app.follow_up.with(|f| f.templates.clone()));
    macro_rules! bind {
        ($field:ident) => {
            (
                Signal::derive(move || draft.with(|d| d.$field.clone())),
                Callback::new(move |v: String| draft.update(|d| d.$field = v)),
            )
        };
    }
    let (name, set_name) = bind!(name);
    let (language, set_language) = bind!(lang);
    let (subject, set_subject) = bind!(subject);
    let (body, set_body) = bind!(body);
    let languages = Signal::derive(move || {
        let lang = lang.get();
        crate::i18n::Lang::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_owned(),
                    t(lang, &format!("lang.{}", l.code())).to_owned(),
                )
            })
            .collect::<Vec<_>>()
    });
    let error_where = move |pick: fn(&TemplateProblem) -> bool| {
        Signal::derive(move || {
            problems.with(|all| {
                all.iter()
                    .find(|p| pick(p))
                    .map(|p| problem_text(lang.get(), p))
            })
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let template = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match app.save_template(template).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    draft.set(Template {
                        lang: lang.get_untracked().code().to_owned(),
                        ..Template::default()
                    });
                }
                Err(CommandError::Invalid(found)) => problems.set(
                    found
                        .into_iter()
                        .filter_map(|p| match p {
                            FollowUpProblem::Template(p) => Some(p),
                            _ => None,
                        })
                        .collect(),
                ),
                // The app's error banner explains a storage failure.
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-templates">
            <h2 id="settings-templates">{tr("templates.title")}</h2>
            <p>{tr("templates.help")}</p>
            <ul class="template-list" aria-label=tr("templates.list")>
                <For each=move || templates.get() key=|t: &Template| (t.id, t.name.clone(), t.subject.clone(), t.body.clone()) let:template>
                    {
                        let id = template.id;
                        let label = template.name.clone();
                        view! {
                            <li>
                                <span>{template.name.clone()}</span>" "
                                <span class="muted">{move || t(lang.get(), &format!("lang.{}", template.lang))}</span>" "
                                <button type="button" aria-label=move || t_with(lang.get(), "templates.delete_named", &[("name", &label)])
                                    on:click=move |_| leptos::task::spawn_local(async move {
                                        let _ = app.delete_template(id).await;
                                    })>{tr("templates.delete")}</button>
                                <crate::ui::sync::FoldedHistory doc_id=format!("template:{id}") title=template.name.clone()/>
                            </li>
                        }
                    }
                </For>
            </ul>
            <form on:submit=save novalidate=true aria-label=tr("templates.new")>
                <div class="form-grid">
                    <TextField id="template-name" label="templates.name" value=name on_input=set_name
                        error=error_where(|p| *p == TemplateProblem::NoName) required=true/>
                    <fieldset class="field template-lang">
                        <legend>{tr("templates.language")}</legend>
                        {move || languages.get().into_iter().map(|(code, label)| {
                            let checked = language.get() == code;
                            view! {
                                <label>
                                    <input type="radio" name="template-lang" value=code.clone() prop:checked=checked
                                        on:change=move |_| set_language.run(code.clone())/>
                                    " "{label}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <TextField id="template-subject" label="templates.subject" value=subject on_input=set_subject
                        error=Signal::derive(|| None::<String>)/>
                </div>
                <TextField id="template-body" label="templates.body" value=body on_input=set_body multiline=true
                    error=error_where(|p| *p != TemplateProblem::NoName) required=true/>
                <p class="muted">{tr("templates.placeholders")}</p>
                <div class="actions">
                    <button type="submit" class="primary">{tr("templates.save")}</button>
                </div>
            </form>
        </section>
    }
}
