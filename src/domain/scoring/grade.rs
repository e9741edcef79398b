//! Grades: Hot, Warm and Cold, from a score and the model's thresholds.

use super::model::{Points, Thresholds};

/// How warm a lead is, by score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    Cold,
    Warm,
    Hot,
}

impl Grade {
    /// Every grade, hottest first as lists show them.
    pub const ALL: [Grade; 3] = [Grade::Hot, Grade::Warm, Grade::Cold];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Grade::Hot => "hot",
            Grade::Warm => "warm",
            Grade::Cold => "cold",
        }
    }

    /// Translation key of the grade's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Grade::Hot => "grade.hot",
            Grade::Warm => "grade.warm",
            Grade::Cold => "grade.cold",
        }
    }
}

impl Thresholds {
    /// The grade of a score: Hot from `hot` up, Warm from `warm` up, Cold below.
    pub fn grade(&self, score: Points) -> Grade {
        if score >= self.hot {
            Grade::Hot
        } else if score >= self.warm {
            Grade::Warm
        } else {
            Grade::Cold
        }
    }

    /// Whether a score makes a lead marketing-qualified.
    pub fn is_mql(&self, score: Points) -> bool {
        score >= self.mql
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: Thresholds = Thresholds {
        hot: 60,
        warm: 30,
        mql: 40,
    };

    #[test]
    fn grade_edges() {
        assert_eq!(T.grade(60), Grade::Hot);
        assert_eq!(T.grade(59), Grade::Warm);
        assert_eq!(T.grade(30), Grade::Warm);
        assert_eq!(T.grade(29), Grade::Cold);
        assert_eq!(T.grade(-50), Grade::Cold);
        assert!(T.is_mql(40) && !T.is_mql(39));
    }

    proptest! {
        #[test]
        fn grade_is_monotone_in_score(a in -500i32..500, b in -500i32..500, warm in -100i32..100, gap in 1i32..100) {
            let t = Thresholds { hot: warm + gap, warm, mql: 0 };
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(t.grade(lo) <= t.grade(hi));
        }
    }
}
