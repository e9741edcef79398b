//! Sales forecasts against targets, per period (Gregorian or Jalali month or quarter), per rep
//! and for the team.

// The module is the forecast itself; naming the file after the concept matters more here than
// clippy's wish for a different name.
#[allow(clippy::module_inception)]
pub mod forecast;
pub mod period;
pub mod targets;

pub use forecast::{forecast, forecast_periods, Forecast, ForecastRow};
pub use period::{
    CalendarKind, Period, PeriodKind, PeriodLabel, GREGORIAN_MONTH_KEYS, JALALI_MONTH_KEYS,
};
pub use targets::{SalesTargets, Target, TargetProblem, MAX_REP_CHARS};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};

    /// Period names and target messages exist in English and Persian.
    #[test]
    fn every_key_the_forecast_emits_is_translated() {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(GREGORIAN_MONTH_KEYS);
        keys.extend(JALALI_MONTH_KEYS);
        keys.push(
            PeriodLabel::Month {
                name_key: "",
                year: 0,
            }
            .template_key(),
        );
        keys.push(
            PeriodLabel::Quarter {
                quarter: 1,
                year: 0,
            }
            .template_key(),
        );
        keys.extend(
            [
                TargetProblem::EmptyRep(0),
                TargetProblem::RepTooLong(0),
                TargetProblem::DuplicateRep(0),
                TargetProblem::UnknownRep(0),
                TargetProblem::DuplicateTarget(0),
                TargetProblem::AmountTooLarge(0),
            ]
            .map(TargetProblem::label_key),
        );
        keys.extend([
            "forecast.team",
            "forecast.unassigned",
            "forecast.other_currency",
        ]);
        for lang in Lang::ALL {
            for key in &keys {
                assert_ne!(t(lang, key), *key, "{lang:?} lacks {key}");
            }
        }
    }
}
