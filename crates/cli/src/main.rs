//! `jeopsu`: Jeopsu's admin tool. Same store functions as the app; no screen needed.
//!
//! Exit codes (a contract scripts rely on): 0 ok; 1 refused or found a problem; 2 usage or
//! unlock error. Messages are Korean unless `--lang en`.

mod args;
mod commands;
mod forms;
mod out;
mod patients;
mod privacy;
mod visits;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
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
