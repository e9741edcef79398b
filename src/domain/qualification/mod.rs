//! Qualification: the questions asked at the organization, opportunity and stakeholder levels,
//! BANT, the verdicts the answers add up to, the lead type (MQL, SQL, PQL, CQL) and the queue a
//! lead waits in (Active, Nurture, Lost).
//!
//! Pure data and functions: the question bank and each lead's [`Qualification`] are stored by the
//! store as JSON; verdicts, types and queues are derived here, never stored.

pub mod answer;
pub mod bant;
pub mod lead_type;
pub mod level;
pub mod local_text;
pub mod question_bank;
pub mod queues;
pub mod record;
pub mod verdict;

pub use answer::{Answer, QuestionAnswer};
pub use bant::{
    timeline_is_next_year_or_later, today, Bant, MAX_NEED_LEVEL, NEXT_YEAR_OR_LATER_DAYS,
};
pub use lead_type::{assign_lead_type, LeadType, LeadTypeAssignment, LeadTypeWhy};
pub use level::Level;
pub use local_text::LocalText;
pub use question_bank::{
    BankError, BankProblem, Question, QuestionBank, QuestionId, MAX_QUESTION_CHARS,
};
pub use queues::{place, Queue, QueueCounts};
pub use record::{LeadTypeOverride, OverrideProblem, Qualification};
pub use verdict::{evaluate, level_verdict, LevelVerdict, QualificationVerdict, Verdict};
