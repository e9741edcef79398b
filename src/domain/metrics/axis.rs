//! Helpers that keep the SVG charts thin: a histogram of values and a "nice" value axis
//! (steps of 1, 2 or 5 times a power of ten, starting at zero).

/// One bar of a histogram: the values in `start..end` (the last bin also takes `end`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistogramBin {
    pub start: f64,
    pub end: f64,
    pub count: usize,
}

/// `values` counted into `bins` equal bins over `range` (e.g. scores over 0.0..=100.0). Values
/// outside the range, and NaN, are left out. No bins, or an empty or inverted range, give none.
pub fn histogram(
    values: &[f64],
    bins: usize,
    range: std::ops::RangeInclusive<f64>,
) -> Vec<HistogramBin> {
    let (lo, hi) = (*range.start(), *range.end());
    if bins == 0 || !lo.is_finite() || !hi.is_finite() || lo >= hi {
        return Vec::new();
    }
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for &v in values.iter().filter(|v| range.contains(v)) {
        let index = (((v - lo) / width) as usize).min(bins - 1);
        counts[index] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| HistogramBin {
            start: lo + width * i as f64,
            end: if i + 1 == bins {
                hi
            } else {
                lo + width * (i + 1) as f64
            },
            count,
        })
        .collect()
}

/// A value axis from 0 reaching at least `max`, in at most about five equal steps of 1, 2 or 5
/// times a power of ten: `(step, ticks)`, ticks from 0 up to the first multiple of the step at or
/// above `max`. A `max` of zero, below zero or not finite gives `(1, [0, 1])`, so an empty chart
/// still has an axis.
pub fn nice_axis(max: f64) -> (f64, Vec<f64>) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, vec![0.0, 1.0]);
    }
    let raw = max / 5.0;
    let exponent = raw.log10().floor() as i32;
    let magnitude = 10f64.powi(exponent);
    // A hair of tolerance so 0.2 / 0.1 landing a bit above 2 still picks 2.
    let nice = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|&n| raw / magnitude <= n * (1.0 + 1e-9))
        .unwrap_or(10.0);
    // Ticks as whole multiples scaled once, so 3 × 0.2 reads 0.6, not 0.6000000000000001.
    let tick = |i: u64| {
        if exponent >= 0 {
            i as f64 * nice * magnitude
        } else {
            i as f64 * nice / 10f64.powi(-exponent)
        }
    };
    let step = tick(1);
    let count = (max / step * (1.0 - 1e-12)).ceil().max(1.0) as u64;
    (step, (0..=count).map(tick).collect())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn golden_score_histogram() {
        let scores = [
            0.0,
            5.0,
            10.0,
            19.9,
            20.0,
            55.0,
            100.0,
            101.0,
            -1.0,
            f64::NAN,
        ];
        let bins = histogram(&scores, 5, 0.0..=100.0);
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        // [0,20): 0, 5, 10, 19.9; [20,40): 20; [40,60): 55; [60,80): none; [80,100]: 100.
        assert_eq!(counts, [4, 1, 1, 0, 1]);
        assert_eq!(
            (bins[1].start, bins[1].end, bins[4].end),
            (20.0, 40.0, 100.0)
        );
        assert!(histogram(&scores, 0, 0.0..=100.0).is_empty());
        assert!(histogram(&scores, 3, 5.0..=5.0).is_empty());
    }

    #[test]
    fn golden_nice_axes() {
        assert_eq!(
            nice_axis(87.0),
            (20.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0])
        );
        assert_eq!(
            nice_axis(100.0),
            (20.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0])
        );
        assert_eq!(nice_axis(7.0), (2.0, vec![0.0, 2.0, 4.0, 6.0, 8.0]));
        assert_eq!(
            nice_axis(1_250_000.0),
            (500_000.0, vec![0.0, 500_000.0, 1_000_000.0, 1_500_000.0])
        );
        assert_eq!(nice_axis(0.9), (0.2, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]));
        assert_eq!(nice_axis(5.0), (1.0, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]));
        assert_eq!(nice_axis(0.0), (1.0, vec![0.0, 1.0]));
        assert_eq!(nice_axis(f64::NAN), (1.0, vec![0.0, 1.0]));
    }
}
