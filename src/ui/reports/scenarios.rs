//! Funnel scenarios: two funnels typed side by side (leads → qualified → contacted → won, and
//! what a lead and a contact cost), compared on cost and yield.

use leptos::prelude::*;

use crate::domain::metrics::{
    compare, FunnelScenario, ScenarioField, ScenarioForm, ScenarioProblem,
};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};

use super::metrics::rate_text;
use crate::ui::chart::{bar_chart, format_value, BarData, ValueFormat};

fn form(leads: &str, qualified: &str, contacted: &str, won: &str) -> ScenarioForm {
    ScenarioForm {
        leads: leads.into(),
        qualified: qualified.into(),
        contacted: contacted.into(),
        won: won.into(),
        cost_per_lead: "100".into(),
        cost_per_contact: "50".into(),
    }
}

fn field_value(form: &ScenarioForm, field: ScenarioField) -> &String {
    match field {
        ScenarioField::Leads => &form.leads,
        ScenarioField::Qualified => &form.qualified,
        ScenarioField::Contacted => &form.contacted,
        ScenarioField::Won => &form.won,
        ScenarioField::CostPerLead => &form.cost_per_lead,
        ScenarioField::CostPerContact => &form.cost_per_contact,
    }
}

fn field_mut(form: &mut ScenarioForm, field: ScenarioField) -> &mut String {
    match field {
        ScenarioField::Leads => &mut form.leads,
        ScenarioField::Qualified => &mut form.qualified,
        ScenarioField::Contacted => &mut form.contacted,
        ScenarioField::Won => &mut form.won,
        ScenarioField::CostPerLead => &mut form.cost_per_lead,
        ScenarioField::CostPerContact => &mut form.cost_per_contact,
    }
}

fn problem_text(lang: Lang, field: ScenarioField, problem: ScenarioProblem) -> String {
    t_with(
        lang,
        problem.label_key(),
        &[("field", t(lang, field.label_key()))],
    )
}

#[component]
pub fn ScenarioReport() -> impl IntoView {
    let lang = use_lang();
    // The example: 10 leads → 1 sale against 8 → 6 → 4 → 2.
    let a = RwSignal::new(form("10", "1", "1", "1"));
    let b = RwSignal::new(form("8", "6", "4", "2"));
    view! {
        <section class="card report" aria-labelledby="report-scenarios">
            <h2 id="report-scenarios">{tr("reports.scenarios")}</h2>
            <div class="scenario-forms">
                <ScenarioFields which="a" title="reports.scenario_a" form=a/>
                <ScenarioFields which="b" title="reports.scenario_b" form=b/>
            </div>
            {move || {
                let lang = lang.get();
                let (Ok(sa), Ok(sb)) = (a.get().validate(), b.get().validate()) else {
                    return view! { <p class="muted">{t(lang, "reports.scenario_fix")}</p> }.into_any();
                };
                comparison(lang, &sa, &sb).into_any()
            }}
        </section>
    }
}

#[component]
fn ScenarioFields(
    which: &'static str,
    title: &'static str,
    form: RwSignal<ScenarioForm>,
) -> impl IntoView {
    let lang = use_lang();
    let errors = Memo::new(move |_| form.with(|f| f.validate().err().unwrap_or_default()));
    view! {
        <fieldset class="scenario">
            <legend>{tr(title)}</legend>
            {ScenarioField::ALL.into_iter().map(|field| {
                let id = format!("scenario-{which}-{}", field.label_key().trim_start_matches("scenario_field."));
                let error = move || errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(f, p)| problem_text(lang.get(), *f, *p)));
                let error_id = format!("{id}-error");
                view! {
                    <div class="field" class:field-invalid=move || error().is_some()>
                        <label for=id.clone()>{move || t(lang.get(), field.label_key())}</label>
                        <input id=id.clone() type="text" inputmode="numeric" autocomplete="off"
                            aria-invalid=move || error().map(|_| "true")
                            aria-describedby={let error_id = error_id.clone(); move || error().map(|_| error_id.clone())}
                            prop:value=move || form.with(|f| field_value(f, field).clone())
                            on:input:target=move |ev| form.update(|f| *field_mut(f, field) = ev.target().value())/>
                        {move || error().map(|m| view! { <p class="field-error" id=error_id.clone() role="alert">{m}</p> })}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn comparison(lang: Lang, a: &FunnelScenario, b: &FunnelScenario) -> impl IntoView {
    let c = compare(a, b);
    let name_a = t(lang, "reports.scenario_a").to_owned();
    let name_b = t(lang, "reports.scenario_b").to_owned();
    let money = |v: f64| format_value(lang, ValueFormat::Whole, v);
    let signed = |v: i64| {
        if v < 0 {
            format!("−{}", format_number(lang, v.unsigned_abs()))
        } else {
            format!("+{}", format_number(lang, v as u64))
        }
    };
    let per_sale = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), money);
    let chart = BarData {
        id: "chart-scenarios".into(),
        title: t(lang, "reports.scenario_chart").into(),
        x_label: t(lang, "reports.step").into(),
        y_label: t(lang, "reports.count_axis").into(),
        categories: [
            ScenarioField::Leads,
            ScenarioField::Qualified,
            ScenarioField::Contacted,
            ScenarioField::Won,
        ]
        .map(|f| t(lang, f.label_key()).to_owned())
        .to_vec(),
        series: vec![name_a.clone(), name_b.clone()],
        values: vec![
            vec![a.leads as f64, b.leads as f64],
            vec![a.qualified as f64, b.qualified as f64],
            vec![a.contacted as f64, b.contacted as f64],
            vec![a.won as f64, b.won as f64],
        ],
        format: ValueFormat::Whole,
    };
    view! {
        {bar_chart(lang, chart)}
        <div class="table-scroll">
            <table class="data-table">
                <caption>{t(lang, "reports.scenario_comparison")}</caption>
                <thead><tr>
                    <th scope="col">{t(lang, "reports.measure")}</th>
                    <th scope="col">{name_a}</th>
                    <th scope="col">{name_b}</th>
                    <th scope="col">{t(lang, "reports.difference")}</th>
                </tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{t(lang, "metric.total_cost")}</th>
                        <td class="num">{money(c.a.total_cost as f64)}</td>
                        <td class="num">{money(c.b.total_cost as f64)}</td>
                        <td class="num">{signed(c.cost_difference)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t(lang, "metric.yield")}</th>
                        <td class="num">{rate_text(lang, c.a.yield_rate)}</td>
                        <td class="num">{rate_text(lang, c.b.yield_rate)}</td>
                        <td class="num">{c.yield_points.map_or_else(|| "—".to_owned(), |p| format_value(lang, ValueFormat::Percent, p))}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t(lang, "scenario_field.won")}</th>
                        <td class="num">{format_number(lang, a.won)}</td>
                        <td class="num">{format_number(lang, b.won)}</td>
                        <td class="num">{signed(c.extra_sales)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t(lang, "metric.cost_per_sale")}</th>
                        <td class="num">{per_sale(c.a.cost_per_sale)}</td>
                        <td class="num">{per_sale(c.b.cost_per_sale)}</td>
                        <td class="num">{c.cost_per_sale_ratio.map_or_else(|| "—".to_owned(), |r| format_value(lang, ValueFormat::Percent, r * 100.0))}</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
