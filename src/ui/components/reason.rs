//! Words for the domain's typed explanations: a translation key plus typed arguments becomes a
//! sentence in the reader's language, digits and calendar.

use crate::domain::qualification::QuestionBank;
use crate::domain::scoring::ReasonArg;
use crate::domain::text::tenths::tenths_text;
use crate::i18n::{
    format_date, format_money, format_number, format_timestamp, localize_digits, t, t_with, Lang,
};
use crate::ui::state::utc_offset_minutes;

/// One argument as the reader sees it.
fn arg_text(lang: Lang, arg: &ReasonArg, bank: &QuestionBank) -> String {
    match arg {
        ReasonArg::Number(n) if *n < 0 => format!("−{}", format_number(lang, n.unsigned_abs())),
        ReasonArg::Number(n) => format_number(lang, *n as u64),
        ReasonArg::Decimal(x) => localize_digits(lang, &tenths_text(*x)),
        ReasonArg::Text(text) => text.clone(),
        ReasonArg::Label(key) => t(lang, key).to_owned(),
        ReasonArg::Local(text) => text.get(lang.code()).to_owned(),
        ReasonArg::Money(money) => format_money(lang, *money),
        ReasonArg::Time(ts) => format_timestamp(lang, *ts, utc_offset_minutes()),
        ReasonArg::Date(date) => format_date(lang, *date),
        ReasonArg::Question(id) => bank
            .question(id)
            .map(|q| q.text.get(lang.code()).to_owned())
            .unwrap_or_default(),
    }
}

/// A whole explanation: the template for `key` filled with `args`.
pub fn explain(
    lang: Lang,
    key: &str,
    args: &[(&'static str, ReasonArg)],
    bank: &QuestionBank,
) -> String {
    let texts: Vec<(&str, String)> = args
        .iter()
        .map(|(name, arg)| (*name, arg_text(lang, arg, bank)))
        .collect();
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(name, text)| (*name, text.as_str()))
        .collect();
    t_with(lang, key, &pairs)
}

/// Signed points, always with their sign: `+20`, `−10` (a true minus sign, as the reasons read).
pub fn points_text(lang: Lang, points: i32) -> String {
    let sign = if points < 0 { "−" } else { "+" };
    format!(
        "{sign}{}",
        format_number(lang, points.unsigned_abs() as u64)
    )
}

/// How many more won and lost outcomes the learner needs before it gives a probability.
pub fn needs_more_text(lang: Lang, needs: &crate::domain::learning::NeedsMore) -> String {
    t_with(
        lang,
        "learning.needs_more",
        &[
            ("won", &format_number(lang, needs.won_needed as u64)),
            ("lost", &format_number(lang, needs.lost_needed as u64)),
            ("won_so_far", &format_number(lang, needs.won as u64)),
            ("lost_so_far", &format_number(lang, needs.lost as u64)),
        ],
    )
}
