//! The `--json` contracts (README "Admin CLI"): one struct per shape, serialised by serde in
//! field order, so a key cannot change by accident. `tests/snapshots` pins each one key by key
//! (the golden-file test `json_contracts_are_pinned_key_by_key` in tests/cli.rs).

use jeopsu_core::guardian::Guardian;
use jeopsu_store::appointments::AppointmentRow;
use jeopsu_store::backup_schedule::BackupCopy;
use jeopsu_store::consents::ConsentRecord;
use jeopsu_store::guardians::SignedRecord;
use jeopsu_store::patients::{Correction, PatientHit, PatientRecord};
use jeopsu_store::visits::VisitRow;
use serde::Serialize;

/// `jeopsu patients search --json`: one per patient found.
#[derive(Debug, Serialize)]
pub struct Hit<'a> {
    pub chart_no: &'a str,
    pub name: &'a str,
    pub gender: &'static str,
    pub age: u32,
    pub minor: bool,
    pub child: bool,
    pub birth_masked: &'a str,
    pub mobile_last4: Option<&'a str>,
}

impl<'a> From<&'a PatientHit> for Hit<'a> {
    fn from(h: &'a PatientHit) -> Hit<'a> {
        Hit {
            chart_no: &h.chart_no,
            name: &h.name,
            gender: h.gender.as_str(),
            age: h.age.years,
            minor: h.age.minor,
            child: h.age.child,
            birth_masked: &h.birth_masked,
            mobile_last4: h.mobile_last4.as_deref(),
        }
    }
}

/// `jeopsu patients show --json`.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub chart_no: &'a str,
    pub name: &'a str,
    pub birth_date: &'a str,
    pub age: u32,
    pub minor: bool,
    pub child: bool,
    pub gender: &'static str,
    pub rrn_masked: &'a str,
    pub address: &'a str,
    pub phone: Option<&'a str>,
    pub mobile: Option<&'a str>,
    pub email: Option<&'a str>,
    pub service_status: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub corrections: Vec<RecordCorrection<'a>>,
    pub consents: Vec<RecordConsent<'a>>,
    pub guardian_consent_pending: bool,
}

#[derive(Debug, Serialize)]
pub struct RecordCorrection<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub fields: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct RecordConsent<'a> {
    pub item: &'static str,
    pub granted: bool,
    pub text_hash: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub signer: &'static str,
    pub method: &'static str,
    pub recorded_at: &'a str,
    pub actor: &'a str,
}

impl<'a> From<&'a PatientRecord> for Record<'a> {
    fn from(r: &'a PatientRecord) -> Record<'a> {
        let correction = |c: &'a Correction| RecordCorrection {
            at: &c.at,
            actor: &c.actor,
            fields: &c.fields,
        };
        let consent = |c: &'a ConsentRecord| RecordConsent {
            item: c.item.as_str(),
            granted: c.granted,
            text_hash: c.text_hash.as_deref(),
            lang: c.lang.as_deref(),
            signer: c.signer.as_str(),
            method: c.method.as_str(),
            recorded_at: &c.recorded_at,
            actor: &c.actor,
        };
        Record {
            chart_no: &r.chart_no,
            name: &r.name,
            birth_date: &r.birth_date,
            age: r.age.years,
            minor: r.age.minor,
            child: r.age.child,
            gender: r.gender.as_str(),
            rrn_masked: &r.rrn_masked,
            address: &r.address,
            phone: r.phone.as_deref(),
            mobile: r.mobile.as_deref(),
            email: r.email.as_deref(),
            service_status: r.service_status.as_deref(),
            created_at: &r.created_at,
            updated_at: &r.updated_at,
            corrections: r.corrections.iter().map(correction).collect(),
            consents: r.consents.iter().map(consent).collect(),
            guardian_consent_pending: r.guardian_consent_pending,
        }
    }
}

/// `jeopsu consents list --json`: every decision on file and the signed occasions.
#[derive(Debug, Serialize)]
pub struct Consents<'a> {
    pub chart_no: &'a str,
    pub guardian_consent_pending: bool,
    pub adult_consent_due: bool,
    pub consents: Vec<Decision<'a>>,
    pub signed_records: Vec<Occasion<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Decision<'a> {
    pub id: i64,
    pub item: &'static str,
    pub granted: bool,
    pub withdrawal: bool,
    pub text_hash: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub signer: &'static str,
    pub method: &'static str,
    pub recorded_at: &'a str,
    pub actor: &'a str,
    pub record_id: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct Occasion<'a> {
    pub id: i64,
    pub lang: &'a str,
    pub method: &'static str,
    pub signature_strokes: Option<usize>,
    pub paper_filed_at: Option<&'a str>,
    pub minor_ack: Option<bool>,
    pub patient_age: u32,
    pub notice_hash: &'a str,
    pub recorded_at: &'a str,
    pub witness: &'a str,
    pub guardians: Vec<OccasionGuardian<'a>>,
}

#[derive(Debug, Serialize)]
pub struct OccasionGuardian<'a> {
    pub name: &'a str,
    pub relationship: &'static str,
    pub relationship_other: Option<&'a str>,
    pub mobile: &'a str,
    pub verification: &'static str,
    pub verification_note: Option<&'a str>,
    pub called_at: Option<&'a str>,
}

impl<'a> From<&'a PatientRecord> for Consents<'a> {
    fn from(r: &'a PatientRecord) -> Consents<'a> {
        let guardian = |g: &'a Guardian| OccasionGuardian {
            name: &g.name,
            relationship: g.relationship.as_str(),
            relationship_other: g.relationship_other.as_deref(),
            mobile: &g.mobile,
            verification: g.verification.as_str(),
            verification_note: g.verification_note.as_deref(),
            called_at: g.called_at.as_deref(),
        };
        let occasion = |s: &'a SignedRecord| Occasion {
            id: s.id,
            lang: &s.lang,
            method: s.method.as_str(),
            signature_strokes: s.signature.as_ref().map(|g| g.strokes.len()),
            paper_filed_at: s.paper_filed_at.as_deref(),
            minor_ack: s.minor_ack,
            patient_age: s.patient_age,
            notice_hash: &s.notice_hash,
            recorded_at: &s.recorded_at,
            witness: &s.actor,
            guardians: s.guardians.iter().map(guardian).collect(),
        };
        Consents {
            chart_no: &r.chart_no,
            guardian_consent_pending: r.guardian_consent_pending,
            adult_consent_due: r.adult_consent_due,
            consents: r
                .consents
                .iter()
                .map(|c| Decision {
                    id: c.id,
                    item: c.item.as_str(),
                    granted: c.granted,
                    withdrawal: c.is_withdrawal(&r.consents),
                    text_hash: c.text_hash.as_deref(),
                    lang: c.lang.as_deref(),
                    signer: c.signer.as_str(),
                    method: c.method.as_str(),
                    recorded_at: &c.recorded_at,
                    actor: &c.actor,
                    record_id: c.record_id,
                })
                .collect(),
            signed_records: r.signed_records.iter().map(occasion).collect(),
        }
    }
}

/// `jeopsu visits list --json` (and `visits checkin --json`, without the name).
#[derive(Debug, Serialize)]
pub struct Visit<'a> {
    pub visit_id: i64,
    pub day_no: u32,
    pub chart_no: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    pub status: &'static str,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub checked_in_at: String,
    pub id_check: Option<&'static str>,
    /// The booking the visit came from (the list only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<Option<i64>>,
}

impl<'a> Visit<'a> {
    /// The visit; `listed`: the list shows who and the booking, a check-in's answer does not.
    pub fn of(v: &'a VisitRow, listed: bool) -> Visit<'a> {
        Visit {
            visit_id: v.id,
            day_no: v.day_no,
            chart_no: &v.chart_no,
            name: listed.then_some(v.name.as_str()),
            status: v.status.as_str(),
            checked_in_at: format!("{} {}", v.day, v.checked_in_at),
            id_check: v.id_check.as_ref().map(|c| c.method.as_str()),
            appointment_id: listed.then_some(v.appointment_id),
        }
    }
}

/// `jeopsu appointments book|list --json`.
#[derive(Debug, Serialize)]
pub struct Booking<'a> {
    pub appointment_id: i64,
    pub chart_no: Option<&'a str>,
    pub name: &'a str,
    pub at: &'a str,
    pub minutes: u32,
    pub room: Option<&'a str>,
    pub status: &'static str,
}

impl<'a> From<&'a AppointmentRow> for Booking<'a> {
    fn from(a: &'a AppointmentRow) -> Booking<'a> {
        Booking {
            appointment_id: a.id,
            chart_no: a.chart_no.as_deref(),
            name: &a.name,
            at: &a.at,
            minutes: a.minutes,
            room: a.room.as_deref(),
            status: a.status.as_str(),
        }
    }
}

/// `jeopsu backup list --json`: one per copy in the backup folder.
#[derive(Debug, Serialize)]
pub struct Copy<'a> {
    pub file: &'a str,
    pub made_at: &'a str,
    pub bytes: u64,
    pub checked_ok: Option<bool>,
    pub problem: Option<&'a str>,
    pub kept: bool,
    pub too_old: bool,
}

impl<'a> From<&'a BackupCopy> for Copy<'a> {
    fn from(c: &'a BackupCopy) -> Copy<'a> {
        Copy {
            file: &c.file_name,
            made_at: &c.made_at,
            bytes: c.bytes,
            checked_ok: c.checked_ok,
            problem: c.problem.as_deref(),
            kept: c.kept,
            too_old: c.too_old,
        }
    }
}
