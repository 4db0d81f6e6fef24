//! The clinic's first run as one call: the database, the clinic profile and the first admin
//! account, all or nothing (README "First run").

use crate::staff::{self, NewStaff};
use crate::{InitOptions, InitOutcome, Result, Store, settings};
use jeopsu_core::clinic::ClinicProfile;

/// Checks what the person typed for the first run (the profile and the admin account), every
/// problem at once, before anything is created.
pub fn check(profile: &ClinicProfile, admin: &NewStaff) -> Result<()> {
    let mut problems = profile.normalised().err().unwrap_or_default();
    problems.extend(jeopsu_core::staff::check_new_account(
        Some(&admin.username),
        admin.display_name.as_deref(),
        Some(admin.password.expose_secret()),
    ));
    match problems.is_empty() {
        true => Ok(()),
        false => Err(crate::StoreError::Invalid(problems)),
    }
}

/// Creates the database in `dir` with the clinic's `profile` and its first `admin` (whose role
/// is made Admin whatever it says). Nothing is created when a field is wrong: the profile and
/// the account are checked before the database is; a failure after that removes what was
/// created (`Store::init_with`), so the clinic is never left with a database without an admin.
pub fn first_run(
    dir: &std::path::Path,
    opts: InitOptions<'_>,
    profile: &ClinicProfile,
    admin: NewStaff,
) -> Result<InitOutcome> {
    check(profile, &admin)?;
    let actor = opts.actor.clone();
    Store::init_with(dir, opts, |store| {
        settings::set_clinic_profile(store, &actor, profile)?;
        staff::add(
            store,
            &actor,
            NewStaff {
                role: jeopsu_core::Role::Admin,
                ..admin
            },
        )?;
        Ok(())
    })
}
