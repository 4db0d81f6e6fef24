//! CCTV: the camera inventory, requests to view, confirm the existence of, or delete personal
//! video information, and the management ledger (개인영상정보 관리대장). docs/LAW.md "CCTV", which
//! cites the clinic's video-information policy.
//!
//! Times typed at the desk (footage ranges, receipt, appointments, viewings) are Seoul wall-clock
//! minutes, `YYYY-MM-DD HH:MM`, because that is what the recorder and the staff read. The rules
//! here take "now" as a Seoul wall-clock time from the caller.
//!
//! A request's history is a list of [`Event`]s, never edited; [`Progress::fold`] reads where the
//! request stands and [`Progress::check`] refuses a step that does not follow.

pub use crate::field::Minute;
use crate::field::{FieldProblem as P, choose, minute, minute_text, text};
use crate::patient::{parse_birth_date, parse_name, parse_phone};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod footage;
mod ledger;
mod progress;
mod request;
mod setup;
mod steps;

pub use footage::*;
pub use ledger::*;
pub use progress::*;
pub use request::*;
pub use setup::*;
pub use steps::*;

#[cfg(test)]
mod tests;
