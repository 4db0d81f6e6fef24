//! `jeopsu staff ...`: accounts, roles, passwords, the lockout policy.

use super::*;

pub(super) fn staff_cmd(cli: &Cli, out: &Out, c: &StaffCommand) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let who = actor();
    match c {
        StaffCommand::Add {
            username,
            role,
            password_file,
            name,
        } => {
            let role = parse_role(role)?;
            let password = Password::new(read_secret_line(password_file)?.to_string());
            let info = staff::add(
                &mut store,
                &who,
                NewStaff {
                    username: username.clone(),
                    display_name: name.clone(),
                    role,
                    password,
                },
            )?;
            out.say(
                "cli-staff-added",
                &[
                    ("username", info.username.into()),
                    ("role", role.as_str().into()),
                ],
            );
        }
        StaffCommand::List { json } => {
            let list = staff::list(&mut store, &who)?;
            if *json {
                print_json(&list)?;
            } else {
                out.line(&format!(
                    "{:<20} {:<16} {:<16} {}",
                    out.text("cli-col-username", &[]),
                    out.text("cli-col-role", &[]),
                    out.text("cli-col-state", &[]),
                    out.text("cli-col-name", &[])
                ));
                let now = store.now();
                for s in list {
                    let locked = s
                        .locked_until
                        .as_deref()
                        .and_then(time::from_stored)
                        .filter(|t| *t > now);
                    let state = if s.disabled {
                        out.text("cli-state-disabled", &[])
                    } else if let Some(t) = locked {
                        out.text(
                            "cli-state-locked",
                            &[("until", time::display_minutes(t).into())],
                        )
                    } else {
                        out.text("cli-state-active", &[])
                    };
                    out.line(&format!(
                        "{:<20} {:<16} {:<16} {}",
                        s.username,
                        s.role.as_str(),
                        state,
                        s.display_name
                    ));
                }
            }
        }
        StaffCommand::SetRole { username, role } => {
            let info = staff::set_role(&mut store, &who, username, parse_role(role)?)?;
            out.say(
                "cli-staff-role-set",
                &[
                    ("username", info.username.into()),
                    ("role", info.role.as_str().into()),
                ],
            );
        }
        StaffCommand::Disable(u) => {
            staff::set_disabled(&mut store, &who, &u.username, true)?;
            out.say(
                "cli-staff-disabled",
                &[("username", u.username.clone().into())],
            );
        }
        StaffCommand::Enable(u) => {
            staff::set_disabled(&mut store, &who, &u.username, false)?;
            out.say(
                "cli-staff-enabled",
                &[("username", u.username.clone().into())],
            );
        }
        StaffCommand::ResetPassword {
            username,
            password_file,
        } => {
            let password = Password::new(read_secret_line(password_file)?.to_string());
            staff::reset_password(&mut store, &who, username, &password)?;
            out.say(
                "cli-staff-password-reset",
                &[("username", username.clone().into())],
            );
        }
        StaffCommand::SignIn {
            username,
            password_file,
        } => {
            let password = Password::new(read_secret_line(password_file)?.to_string());
            let signed = staff::sign_in(&mut store, username, &password)?;
            out.say(
                "cli-staff-signed-in",
                &[
                    ("username", signed.username.into()),
                    ("role", signed.role.as_str().into()),
                ],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
