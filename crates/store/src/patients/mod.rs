//! Patients: register (validated by jeopsu-core, duplicates refused or asked about), search as
//! you type, open a record, correct it. Every one of these writes an access-log row in the same
//! transaction. The RRN is sealed in its column and shown masked; revealing it needs a reason.
//!
//! The parts: `seal` (the RRN's sealing and MAC), `register` (columns, chart numbers, the
//! insert), `search`, `record` (open, correct, reveal) and `import` (the CSV import). This file
//! holds the types they return and the helpers they share.

use crate::audit::Entry;
use crate::consents::{self, ConsentRecord};
use crate::error::{Result, StoreError};
use crate::{Store, Tx, db, settings};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::NaiveDate;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::consent::{ConsentDecision, ConsentItem};
use jeopsu_core::hangul;
use jeopsu_core::patient::{self, Age, Gender, PatientInput, Phone, Rrn, ValidPatient, chart};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

const RRN_SEAL_LABEL: &[u8] = b"jeopsu rrn seal v1";
const RRN_MAC_LABEL: &[u8] = b"jeopsu rrn mac v1";
/// Most search results shown at once.
pub const SEARCH_LIMIT: usize = 20;

/// A search result: enough to pick the right person, never the RRN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientHit {
    /// The patient's internal id (what the app passes back to open the record).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The chart number (병원등록번호).
    pub chart_no: String,
    /// The name.
    pub name: String,
    /// The gender.
    pub gender: Gender,
    /// The age today.
    pub age: Age,
    /// `1990-01-**`.
    pub birth_masked: String,
    /// The last four digits of the mobile number, to tell namesakes apart.
    pub mobile_last4: Option<String>,
}

/// One patient's record as the desk sees it (the RRN masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatientRecord {
    /// The patient's internal id.
    pub id: i64,
    /// The chart number.
    pub chart_no: String,
    /// The name.
    pub name: String,
    /// The birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// The age today.
    pub age: Age,
    /// The gender.
    pub gender: Gender,
    /// The RRN with its last six digits masked.
    pub rrn_masked: String,
    /// The address.
    pub address: String,
    /// The other phone number.
    pub phone: Option<String>,
    /// The mobile number.
    pub mobile: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
    /// The service status.
    pub service_status: Option<String>,
    /// UTC RFC 3339.
    pub created_at: String,
    /// UTC RFC 3339, the last change.
    pub updated_at: String,
    /// Every correction of the record, oldest first.
    pub corrections: Vec<Correction>,
    /// Every consent decision on file, oldest first (the newest per item is in force).
    pub consents: Vec<ConsentRecord>,
    /// A minor whose legal representative has not consented yet: the patient's consent does
    /// not count until they have.
    pub guardian_consent_pending: bool,
    /// The legal representative's signed records, oldest first.
    pub signed_records: Vec<crate::guardians::SignedRecord>,
    /// An adult whose optional use in force is still their legal representative's "yes"
    /// ([`jeopsu_core::consent::adult_decision_due`]): the desk asks their own decision.
    pub adult_consent_due: bool,
    /// The day the patient turns (or turned) 19, `YYYY-MM-DD`.
    pub adult_on: Option<String>,
    /// The optional items offered at this age ([`jeopsu_core::consent::offered_items`]).
    pub offered_items: Vec<ConsentItem>,
    /// What the record offers the desk now ([`jeopsu_core::consent::record_offers`]): the
    /// screen shows these actions and no others.
    pub consent_offers: Vec<jeopsu_core::consent::ConsentOffer>,
    /// Their visits, newest first.
    pub visits: Vec<crate::visits::VisitRow>,
    /// Their bookings from today on.
    pub appointments: Vec<crate::appointments::AppointmentRow>,
}

/// A correction of a patient's details, as the record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// UTC RFC 3339.
    pub at: String,
    /// Who corrected (the log's actor text).
    pub actor: String,
    /// The same, as a person reads it (`core::audit::Actor::as_read`).
    pub by: String,
    /// The fields corrected (their names, never their values).
    pub fields: Vec<String>,
}

/// A patient just registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Registered {
    /// The patient's internal id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The chart number given.
    pub chart_no: String,
}

/// Whether a possible duplicate (same name and birth date, or same mobile) was already shown to
/// the person and they said it is someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// Refuse with [`StoreError::PossibleDuplicate`] listing them.
    Ask,
    /// Register anyway (the desk confirmed it is a different person).
    Confirmed,
}

mod import;
mod record;
mod register;
mod seal;
mod search;

pub use import::*;
pub use record::*;
pub use register::*;
pub(crate) use seal::*;
pub use search::*;

// ---- helpers the parts share --------------------------------------------------------------

fn today(store: &Store) -> NaiveDate {
    time::seoul_date(store.now())
}

fn birth_masked(birth: &str) -> String {
    format!("{}-**", birth.get(..7).unwrap_or(birth))
}

/// A stored gender. An unknown one is an error, never a default (it used to read as F).
fn gender_of(text: &str) -> rusqlite::Result<Gender> {
    Gender::parse(text).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, format!("gender {text}"), rusqlite::types::Type::Text)
    })
}

/// `text` with LIKE's wildcards and its escape character escaped (`\\`).
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn search_digits(v: &ValidPatient) -> String {
    [&v.phone, &v.mobile]
        .iter()
        .filter_map(|p| p.as_ref().map(Phone::digits))
        .collect::<Vec<_>>()
        .join(" ")
}
