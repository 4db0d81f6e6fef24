//! `jeopsu`: Jeopsu's admin tool. Same store functions as the app; no screen needed. A library
//! so the app's binary can serve it too (`jeopsu-app cli ...`, installed as `jeopsu`): the
//! package then ships one copy of SQLCipher, OpenSSL and the font instead of two.
//!
//! Exit codes (a contract scripts rely on): 0 ok; 1 refused or found a problem; 2 usage or
//! unlock error. Messages are Korean unless `--lang en`.

mod args;
mod commands;
mod forms;
mod json;
mod out;
mod patients;
mod privacy;
mod visits;

use clap::Parser;
use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the admin tool with `args` (the first is the program's name, as in `std::env::args_os`).
pub fn run_with(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let out = out::Out::new(cli.lang());
    match commands::run(&cli, &out) {
        Ok(code) => code,
        Err(e) => out.fail(&e),
    }
}
