//! The dashboard's tiles: one region per measure, named by its title, its number, a line saying
//! what it rests on, and a link to the list or board behind it.

use leptos::prelude::*;

use crate::domain::metrics::Tiles;
use crate::domain::Money;
use crate::i18n::{format_compact, format_money, format_number, localize_digits, t, t_with, Lang};
use crate::ui::chart::{format_value, ValueFormat};
use crate::ui::reports::rate_text;

/// A whole amount of money, never negative.
fn money(lang: Lang, amount: f64, currency: crate::domain::Currency) -> String {
    format_money(
        lang,
        Money {
            amount: amount.max(0.0).round() as u64,
            currency,
        },
    )
}

fn days(lang: Lang, days: Option<f64>) -> String {
    days.map_or_else(
        || "—".into(),
        |d| {
            t_with(
                lang,
                "reports.days",
                &[("days", &format_value(lang, ValueFormat::Days, d))],
            )
        },
    )
}

/// A query string for the Leads page, with the rep when one is chosen.
fn leads_link(queue: &str, rep: &str) -> String {
    let mut link = format!("/leads?queue={queue}");
    if !rep.is_empty() {
        link.push_str("&owner=");
        link.push_str(&String::from(js_sys::encode_uri_component(rep)));
    }
    link
}

struct Tile {
    id: &'static str,
    title: &'static str,
    value: String,
    /// The exact value when the tile shows it compact.
    exact: Option<String>,
    detail: String,
    link: String,
    link_key: &'static str,
}

pub fn tiles(lang: Lang, tiles: &Tiles, rep: &str) -> impl IntoView {
    let currency = tiles.currency;
    let f = &tiles.forecast;
    let compact_money = |amount: u64, code: &str| {
        format!(
            "{} {}",
            format_compact(lang, amount as f64),
            t(lang, &format!("currency_short.{code}"))
        )
    };
    let open_main = tiles
        .open_pipeline
        .iter()
        .find(|l| l.currency == currency)
        .or(tiles.open_pipeline.first());
    let open_value = open_main.map_or_else(
        || format_number(lang, 0),
        |l| compact_money(l.total, l.currency.code()),
    );
    let open_exact = open_main.map(|l| {
        format_money(
            lang,
            Money {
                amount: l.total,
                currency: l.currency,
            },
        )
    });
    let open_detail = {
        let lines: Vec<String> = tiles
            .open_pipeline
            .iter()
            .map(|l| {
                t_with(
                    lang,
                    "dashboard.open_detail",
                    &[
                        ("count", &format_number(lang, l.count as u64)),
                        (
                            "weighted",
                            &format_money(
                                lang,
                                Money {
                                    amount: l.weighted,
                                    currency: l.currency,
                                },
                            ),
                        ),
                    ],
                )
            })
            .collect();
        if lines.is_empty() {
            t(lang, "dashboard.no_open_deals").to_owned()
        } else {
            lines.join(" · ")
        }
    };
    let forecast_amount = f.won.saturating_add(f.weighted);
    let forecast_detail = match (f.target, f.gap) {
        (Some(target), Some(gap)) => t_with(
            lang,
            "dashboard.forecast_detail",
            &[
                (
                    "target",
                    &format_money(
                        lang,
                        Money {
                            amount: target,
                            currency,
                        },
                    ),
                ),
                (
                    "gap",
                    &if gap < 0 {
                        format!(
                            "−{}",
                            format_money(
                                lang,
                                Money {
                                    amount: gap.unsigned_abs(),
                                    currency
                                }
                            )
                        )
                    } else {
                        format_money(
                            lang,
                            Money {
                                amount: gap as u64,
                                currency,
                            },
                        )
                    },
                ),
            ],
        ),
        _ => t(lang, "dashboard.no_target").to_owned(),
    };
    let velocity = tiles.velocity;
    let list = vec![
        Tile {
            id: "open-pipeline",
            title: "dashboard.tile_open_pipeline",
            value: open_value,
            exact: open_exact,
            detail: open_detail,
            link: "/pipeline".into(),
            link_key: "dashboard.see_board",
        },
        Tile {
            id: "forecast",
            title: "dashboard.tile_forecast",
            value: compact_money(forecast_amount, currency.code()),
            exact: Some(format_money(
                lang,
                Money {
                    amount: forecast_amount,
                    currency,
                },
            )),
            detail: forecast_detail,
            link: "/reports".into(),
            link_key: "dashboard.see_reports",
        },
        Tile {
            id: "win-rate",
            title: "dashboard.tile_win_rate",
            value: tiles.win_rate.percent().map_or_else(
                || "—".into(),
                |p| format_value(lang, ValueFormat::Percent, p),
            ),
            exact: None,
            detail: if tiles.win_rate.whole == 0 {
                t(lang, "dashboard.no_closed").to_owned()
            } else {
                rate_text(lang, tiles.win_rate)
            },
            link: "/pipeline".into(),
            link_key: "dashboard.see_board",
        },
        Tile {
            id: "velocity",
            title: "dashboard.tile_velocity",
            value: velocity.map_or_else(
                || "—".into(),
                |v| {
                    format!(
                        "{} {}",
                        format_compact(lang, v.per_month),
                        t(lang, &format!("currency_short.{}", v.currency.code()))
                    )
                },
            ),
            exact: velocity.map(|v| money(lang, v.per_month, v.currency)),
            detail: velocity.map_or_else(
                || t(lang, "reports.velocity_empty").to_owned(),
                |v| {
                    t_with(
                        lang,
                        "dashboard.velocity_detail",
                        &[("per_day", &money(lang, v.per_day, v.currency))],
                    )
                },
            ),
            link: "/reports".into(),
            link_key: "dashboard.see_reports",
        },
        Tile {
            id: "cycle",
            title: "dashboard.tile_cycle",
            value: days(lang, tiles.times.lead_to_won),
            exact: None,
            detail: t_with(
                lang,
                "dashboard.cycle_detail",
                &[
                    ("lead_to_deal", &days(lang, tiles.times.lead_to_deal)),
                    ("deal_to_won", &days(lang, tiles.times.deal_to_won)),
                ],
            ),
            link: "/reports".into(),
            link_key: "dashboard.see_reports",
        },
        Tile {
            id: "hot-not-contacted",
            title: "dashboard.tile_hot",
            value: format_number(lang, tiles.hot_not_contacted as u64),
            exact: None,
            detail: t(lang, "dashboard.hot_detail").to_owned(),
            link: "/".into(),
            link_key: "dashboard.see_today",
        },
        Tile {
            id: "stale",
            title: "dashboard.tile_stale",
            value: format_number(lang, tiles.stale_deals as u64),
            exact: None,
            detail: t(lang, "dashboard.stale_detail").to_owned(),
            link: "/pipeline".into(),
            link_key: "dashboard.see_board",
        },
        Tile {
            id: "nurture",
            title: "dashboard.tile_nurture",
            value: format_number(lang, tiles.nurture as u64),
            exact: None,
            detail: t(lang, "dashboard.nurture_detail").to_owned(),
            link: leads_link("nurture", rep),
            link_key: "dashboard.see_leads",
        },
        Tile {
            id: "lost-queue",
            title: "dashboard.tile_lost",
            value: format_number(lang, tiles.lost_queue as u64),
            exact: None,
            detail: t(lang, "dashboard.lost_detail").to_owned(),
            link: leads_link("lost", rep),
            link_key: "dashboard.see_leads",
        },
    ];
    view! {
        <div class="tiles">
            {list.into_iter().map(|tile| {
                let heading = format!("tile-{}", tile.id);
                let labelled_by = heading.clone();
                view! {
                    <section class="tile card" role="region" aria-labelledby=labelled_by>
                        <h2 id=heading>{t(lang, tile.title)}</h2>
                        <p class="tile-value" title=tile.exact.clone()>{tile.value}</p>
                        {tile.exact.map(|exact| view! { <p class="tile-exact">{exact}</p> })}
                        <p class="tile-detail muted">{localize_digits(lang, &tile.detail)}</p>
                        <a class="tile-link no-print" href=crate::ui::links::href(&tile.link)>{t(lang, tile.link_key)}</a>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}
